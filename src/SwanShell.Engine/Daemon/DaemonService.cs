using System.Diagnostics;
using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.Engine.Native;

namespace SwanShell.Engine.Daemon;

/// <summary>What <c>ipsec setup start</c> or <c>stop</c> did: why it failed, if it did, what it complained about, and the state after.</summary>
/// <param name="Failure">Null on success; else why start found a daemon running or could not start one, or that stop found none running.</param>
/// <param name="Complaints">Problems found and dealt with (stale files removed, stray daemons stopped), in the order found.</param>
/// <param name="Status">The daemon's state afterwards.</param>
/// <param name="Info">What the started daemon says about itself.</param>
public sealed record SetupOutcome(string? Failure, IReadOnlyList<string> Complaints, DaemonStatus Status, DaemonInfo? Info = null)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// <c>ipsec setup start|stop</c>: starts the daemon in the background and waits until it answers; stops it
/// and cleans up after accidents (a dead daemon's lock file, pid file and socket, daemons without a lock file).
/// </summary>
public static class DaemonService
{
    /// <summary>The commands <see cref="StartAsync"/> would run, for -WhatIf: the same list it executes.</summary>
    public static IReadOnlyList<string> StartPlan(DaemonOptions options, string executable) =>
    [
        $"create the run directory {options.RunDirectory.Path} (mode 0700)",
        $"start the daemon: {executable} pluto {string.Join(' ', options.ToArguments())}",
        $"wait for it to take the lock {options.RunDirectory.LockFilePath}, write {options.RunDirectory.PidFilePath} and answer on {options.RunDirectory.SocketPath}",
    ];

    /// <summary>The steps <see cref="StopAsync"/> takes, for -WhatIf.</summary>
    public static IReadOnlyList<string> StopPlan(RunDirectory runDirectory) =>
    [
        $"ask the daemon on {runDirectory.SocketPath} to shut down (SIGTERM, then SIGKILL, if it does not)",
        $"stop daemons of {runDirectory.Path} that hold no lock file",
        $"remove what a dead daemon left: {runDirectory.LockFilePath}, {runDirectory.PidFilePath}, {runDirectory.SocketPath}",
        "remove the XFRM SAs, policies and routes of ours that a dead daemon left in the kernel",
    ];

    public static async Task<SetupOutcome> StartAsync(DaemonOptions options, string executable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var run = options.RunDirectory;
        var before = DaemonStatus.Inspect(run);
        if (before.Running)
        {
            return new SetupOutcome($"The SwanShell daemon is already running (pid {before.ProcessId}) in {run.Path}.", [], before);
        }

        var complaints = CleanUp(before);
        run.Create();
        var start = new ProcessStartInfo(executable)
        {
            // Pipes rather than our terminal: the daemon must not hold our output open, nor read our input.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("pluto");
        foreach (var argument in options.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await HelloAsync(run, cancellationToken).ConfigureAwait(false) is { } info && info.ProcessId == process.Id)
            {
                return new SetupOutcome(null, complaints, DaemonStatus.Inspect(run), info);
            }

            if (process.HasExited)
            {
                return new SetupOutcome($"The SwanShell daemon exited with code {process.ExitCode} before it was ready. {LogTail(options)}", complaints, DaemonStatus.Inspect(run));
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill();
                return new SetupOutcome($"The SwanShell daemon (pid {process.Id}) did not answer within {timeout.TotalSeconds:0} s and was killed. {LogTail(options)}", complaints, DaemonStatus.Inspect(run));
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the daemon of the run directory says about itself, or null when none answers (yet).</summary>
    public static async Task<DaemonInfo?> HelloAsync(RunDirectory run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await using var client = await ControlClient.ConnectAsync(run.SocketPath, cancellationToken).ConfigureAwait(false);
            var hello = await client.RequestAsync("hello", null, null, cancellationToken).ConfigureAwait(false);
            return hello?.Deserialize(ControlJsonContext.Default.DaemonInfo);
        }
        catch (Exception e) when (e is ControlException or IOException)
        {
            return null;
        }
    }

    public static async Task<SetupOutcome> StopAsync(RunDirectory run, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var before = DaemonStatus.Inspect(run);
        var complaints = new List<string>();
        var failure = before.Running ? null : $"The SwanShell daemon is not running in {run.Path}; cleaned up anyway.";
        var stopped = new HashSet<int>();
        if (before.Running)
        {
            // The daemon that answers on the socket is the one to stop, whatever the lock file says.
            var answered = await RequestShutdownAsync(run, complaints, cancellationToken).ConfigureAwait(false);
            if ((answered ?? (before.Illicit.Count == 0 ? before.ProcessId : null)) is { } pid)
            {
                await EndAsync(pid, signalFirst: answered is null, timeout, complaints, cancellationToken).ConfigureAwait(false);
                stopped.Add(pid);
            }
        }

        foreach (var stray in before.Illicit.Concat(before.Orphaned))
        {
            complaints.Add($"Found daemon pid {stray}, which {(before.Orphaned.Contains(stray) ? "had no lock file" : $"was not the pid {before.LockFileProcessId} in the lock file")}; stopped it.");
            if (stopped.Add(stray))
            {
                await EndAsync(stray, signalFirst: true, timeout, complaints, cancellationToken).ConfigureAwait(false);
            }
        }

        complaints.AddRange(CleanUp(DaemonStatus.Inspect(run)));
        return new SetupOutcome(failure, complaints, DaemonStatus.Inspect(run));
    }

    /// <returns>The pid of the daemon that took the request, or null when none answered.</returns>
    private static async Task<int?> RequestShutdownAsync(RunDirectory run, List<string> complaints, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await ControlClient.ConnectAsync(run.SocketPath, cancellationToken).ConfigureAwait(false);
            var info = (await client.RequestAsync("hello", null, null, cancellationToken).ConfigureAwait(false))?.Deserialize(ControlJsonContext.Default.DaemonInfo);
            await client.RequestAsync("shutdown", null, null, cancellationToken).ConfigureAwait(false);
            return info?.ProcessId;
        }
        catch (Exception e) when (e is ControlException or IOException)
        {
            complaints.Add($"The daemon did not take the shutdown request ({e.Message}); signalling it.");
            return null;
        }
    }

    /// <summary>Waits for a daemon to exit, with SIGTERM first if asked, and SIGKILL when it takes too long.</summary>
    private static async Task EndAsync(int pid, bool signalFirst, TimeSpan timeout, List<string> complaints, CancellationToken cancellationToken)
    {
        if (signalFirst)
        {
            LibC.Kill(pid, (int)Signal.Term);
        }

        if (!await WaitForExitAsync(pid, timeout, cancellationToken).ConfigureAwait(false))
        {
            complaints.Add($"The daemon (pid {pid}) did not stop within {timeout.TotalSeconds:0} s; killed it.");
            LibC.Kill(pid, (int)Signal.Kill);
            await WaitForExitAsync(pid, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the files of a daemon that is gone, saying what was removed.</summary>
    private static List<string> CleanUp(DaemonStatus status)
    {
        var removed = new List<string>();
        if (status.Running)
        {
            return removed;
        }

        var run = status.RunDirectory;
        foreach (var (stale, path, what) in new[]
        {
            (status.StaleLockFile, run.LockFilePath, $"lock file of dead daemon pid {status.LockFileProcessId}"),
            (status.StalePidFile, run.PidFilePath, "pid file"),
            (status.StaleSocket, run.SocketPath, "control socket"),
        })
        {
            if (stale)
            {
                File.Delete(path);
                removed.Add($"Removed the stale {what}: {path}.");
            }
        }

        removed.AddRange(FlushKernelLeftovers(run));
        return removed;
    }

    /// <summary>
    /// A dead daemon's XFRM state outlives it (Memory state died with it): flush what is marked ours, as the seed's
    /// stop does after accidents, and say what was removed.
    /// </summary>
    private static IEnumerable<string> FlushKernelLeftovers(RunDirectory run)
    {
        if (!File.Exists(run.KernelFilePath))
        {
            return [];
        }

        var backend = File.ReadAllText(run.KernelFilePath).Trim();
        File.Delete(run.KernelFilePath);
        if (backend != "Xfrm")
        {
            return [];
        }

        try
        {
            using var kernel = XfrmKernel.Open();
            var flushed = kernel.Flush();
            return flushed.RemovedAnything ? [$"Removed the kernel state the dead daemon left: {flushed}."] : [];
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException)
        {
            return [$"Could not remove the kernel state the dead daemon left ({e.Message}); it is removed when the daemon next starts."];
        }
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (LibC.ProcessAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The end of the log the daemon wrote (<c>logfile=</c> of its config, else the run directory's), to say why it did not start.</summary>
    private static string LogTail(DaemonOptions options)
    {
        var setup = File.Exists(options.ConfigPath) ? Config.IpsecConfReader.Read(options.ConfigPath).Setup : null;
        var path = DaemonLog.LatestFile(options.RunDirectory, setup);
        try
        {
            var lines = path is null ? [] : File.ReadAllLines(path);
            return lines.Length == 0 ? $"It left no log in {DaemonLog.FilePathFor(options.RunDirectory, setup)}." : $"Its log ({path}) ends: {string.Join(" | ", lines.TakeLast(5))}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Its log {path} cannot be read: {e.Message}.";
        }
    }

    private enum Signal
    {
        Kill = 9,
        Term = 15,
    }
}
