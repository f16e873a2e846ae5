using SwanShell.Engine.Daemon;
using SwanShell.Engine.Native;
using SwanShell.UnitTests.Cli;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>ipsec setup start/stop/status against real daemon processes in private run directories.</summary>
public sealed class DaemonServiceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempRunDirectory _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Start_LaunchesADaemonThatAnswersAndHoldsTheLock()
    {
        var outcome = await StartAsync();

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Empty(outcome.Complaints);
        Assert.True(outcome.Status.Running);
        Assert.True(outcome.Status.IsHealthy);
        Assert.Equal(outcome.Info!.ProcessId, outcome.Status.ProcessId);
        Assert.Equal(outcome.Info.ProcessId, outcome.Status.LockFileProcessId);
        Assert.Equal($"{outcome.Info.ProcessId}", File.ReadAllText(_run.RunDirectory.PidFilePath).Trim());
        Assert.Equal("Memory", outcome.Info.KernelBackend);
    }

    [Fact]
    public async Task Start_WhenAlreadyRunning_FailsAndLeavesTheRunningDaemon()
    {
        var first = await StartAsync();

        var second = await StartAsync();

        Assert.False(second.Succeeded);
        Assert.Contains($"already running (pid {first.Info!.ProcessId})", second.Failure, StringComparison.Ordinal);
        Assert.Equal(first.Info.ProcessId, DaemonStatus.Inspect(_run.RunDirectory).ProcessId);
    }

    [Fact]
    public async Task Stop_ShutsTheDaemonDownAndItRemovesItsFiles()
    {
        var started = await StartAsync();

        var stopped = await DaemonService.StopAsync(_run.RunDirectory, Timeout, CancellationToken.None);

        Assert.True(stopped.Succeeded, stopped.Failure);
        Assert.Empty(stopped.Complaints);
        Assert.False(stopped.Status.Running);
        Assert.True(stopped.Status.IsHealthy);
        Assert.False(LibC.ProcessAlive(started.Info!.ProcessId));
        Assert.Equal(["pluto.log"], Directory.GetFiles(_run.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Stop_WhenNothingRuns_ReportsFailure()
    {
        var stopped = await DaemonService.StopAsync(_run.RunDirectory, Timeout, CancellationToken.None);

        Assert.False(stopped.Succeeded);
        Assert.Contains("not running", stopped.Failure, StringComparison.Ordinal);
        Assert.Empty(stopped.Complaints);
    }

    [Fact]
    public async Task KilledDaemon_IsReportedStale_AndStopCleansUpComplainingAndFailing()
    {
        var pid = (await StartAsync()).Info!.ProcessId;
        await KillAsync(pid);

        var status = DaemonStatus.Inspect(_run.RunDirectory);
        var stopped = await DaemonService.StopAsync(_run.RunDirectory, Timeout, CancellationToken.None);

        Assert.False(status.Running);
        Assert.Equal(pid, status.LockFileProcessId);
        Assert.Equal((true, true, true), (status.StaleLockFile, status.StalePidFile, status.StaleSocket));
        Assert.False(status.IsHealthy);
        Assert.False(stopped.Succeeded);
        Assert.Equal(3, stopped.Complaints.Count);
        Assert.Contains($"lock file of dead daemon pid {pid}", stopped.Complaints[0], StringComparison.Ordinal);
        Assert.True(stopped.Status.IsHealthy);
        Assert.Equal(["pluto.log"], Directory.GetFiles(_run.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Start_AfterACrash_CleansUpAndStarts()
    {
        await KillAsync((await StartAsync()).Info!.ProcessId);

        var restarted = await StartAsync();

        Assert.True(restarted.Succeeded, restarted.Failure);
        Assert.Equal(3, restarted.Complaints.Count);
        Assert.True(restarted.Status.IsHealthy);
    }

    [Fact]
    public async Task DaemonWithoutLockFile_IsOrphaned_AndStopStopsIt()
    {
        var pid = (await StartAsync()).Info!.ProcessId;
        File.Delete(_run.RunDirectory.LockFilePath);

        var status = DaemonStatus.Inspect(_run.RunDirectory);
        var stopped = await DaemonService.StopAsync(_run.RunDirectory, Timeout, CancellationToken.None);

        Assert.Equal([pid], status.Orphaned);
        Assert.False(status.Running);
        Assert.Contains(stopped.Complaints, c => c.Contains($"pid {pid}, which had no lock file; stopped it", StringComparison.Ordinal));
        Assert.False(LibC.ProcessAlive(pid));
        Assert.True(stopped.Status.IsHealthy);
    }

    [Fact]
    public async Task DaemonNotNamedInTheLockFile_IsIllicit_AndStopStopsIt()
    {
        var pid = (await StartAsync()).Info!.ProcessId;
        using var impostor = System.Diagnostics.Process.Start("sleep", "60");
        RewriteLockFile(impostor.Id);

        var status = DaemonStatus.Inspect(_run.RunDirectory);
        var stopped = await DaemonService.StopAsync(_run.RunDirectory, Timeout, CancellationToken.None);

        Assert.Contains(stopped.Complaints, c => c.Contains($"pid {pid}, which was not the pid {impostor.Id} in the lock file", StringComparison.Ordinal));
        Assert.Equal([pid], status.Illicit);
        Assert.Equal(impostor.Id, status.LockFileProcessId);
        Assert.False(status.IsHealthy);
        Assert.False(LibC.ProcessAlive(pid));
        Assert.False(impostor.HasExited, "stop must not signal a process that is not a SwanShell daemon");
        impostor.Kill();
    }

    private Task<SetupOutcome> StartAsync() =>
        DaemonService.StartAsync(
            new DaemonOptions { RunDirectory = _run.RunDirectory, KernelBackend = KernelBackendKind.Memory, IkePort = 0, NatTraversalPort = 0 },
            SwanShellProcess.Executable,
            Timeout,
            CancellationToken.None);

    /// <summary>Rewrites the pid in the lock file the way another program would: without .NET's own advisory locking, which the daemon's flock blocks.</summary>
    private void RewriteLockFile(int pid)
    {
        using var shell = System.Diagnostics.Process.Start("sh", ["-c", $"echo {pid} > '{_run.RunDirectory.LockFilePath}'"]);
        shell.WaitForExit();
    }

    private static async Task KillAsync(int pid)
    {
        LibC.Kill(pid, 9);
        while (LibC.ProcessAlive(pid))
        {
            await Task.Delay(10);
        }
    }
}
