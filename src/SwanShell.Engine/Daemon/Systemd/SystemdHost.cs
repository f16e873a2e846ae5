using System.ComponentModel;
using System.Diagnostics;

namespace SwanShell.Engine.Daemon.Systemd;

/// <summary>
/// <c>ipsec setup start</c> "maps to the host init system": when systemd runs the host (sd_booted(3): /run/systemd/system
/// exists) and SwanShell's unit is installed, the daemon is started as that unit, so that systemd supervises it.
/// </summary>
/// <param name="root">The file system root to look under; a seam for tests.</param>
public sealed class SystemdHost(string root = "/")
{
    public const string UnitName = "swanshell.service";

    private static readonly string[] UnitDirectories =
        ["etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system", "usr/lib/systemd/system", "lib/systemd/system"];

    /// <summary>systemd is the host's init system.</summary>
    public bool Booted => Directory.Exists(Path.Combine(root, "run/systemd/system"));

    /// <summary>Where the unit file is installed, or null.</summary>
    public string? UnitPath => UnitDirectories.Select(d => Path.Combine(root, d, UnitName)).FirstOrDefault(File.Exists);

    /// <summary>Start and stop go through systemd.</summary>
    public bool ManagesDaemon => Booted && UnitPath is not null;

    /// <summary>What <see cref="StartAsync"/> does, for -WhatIf.</summary>
    public static IReadOnlyList<string> StartPlan(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [$"start the unit: systemctl start {UnitName}", $"wait for the daemon to answer on {run.SocketPath}"];
    }

    /// <summary><c>systemctl start</c>, then waits until the daemon answers on the unit's run directory.</summary>
    public static async Task<SetupOutcome> StartAsync(RunDirectory run, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var before = DaemonStatus.Inspect(run);
        if (before.Running)
        {
            return new SetupOutcome($"The SwanShell daemon is already running (pid {before.ProcessId}) in {run.Path}.", [], before);
        }

        var (exitCode, error) = await SystemctlAsync(["start", UnitName], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return new SetupOutcome($"systemctl start {UnitName} failed (exit code {exitCode}): {error} See 'journalctl -u {UnitName}'.", [], DaemonStatus.Inspect(run));
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await DaemonService.HelloAsync(run, cancellationToken).ConfigureAwait(false) is { } info)
            {
                return new SetupOutcome(null, [], DaemonStatus.Inspect(run), info);
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return new SetupOutcome($"{UnitName} started but its daemon did not answer on {run.SocketPath} within {timeout.TotalSeconds:0} s. See 'journalctl -u {UnitName}'.", [], DaemonStatus.Inspect(run));
    }

    private static async Task<(int ExitCode, string Error)> SystemctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("systemctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, (await error.ConfigureAwait(false)).Trim());
        }
        catch (Win32Exception e)
        {
            return (-1, $"systemctl could not be run: {e.Message}");
        }
    }
}
