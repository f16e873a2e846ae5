using System.Management.Automation;
using SwanShell.Engine.Native;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>Invoke-IpsecSetup against real daemon processes (Memory kernel back end, private run directories).</summary>
public sealed class InvokeIpsecSetupTests : IDisposable
{
    private readonly TempRunDirectory _run = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell("y");

    public void Dispose()
    {
        _shell.Dispose();
        _run.Dispose();
    }

    private string Setup(string action, string extra = "") =>
        $"Invoke-IpsecSetup -Action {action} -RunDirectory '{_run.Path}' -KernelBackend Memory -IkePort 0 -NatTraversalPort 0 {extra}";

    [Fact]
    public void Start_ReturnsTheRunningStatus()
    {
        var status = Assert.IsType<IpsecServiceStatus>(Assert.Single(_shell.Run(Setup("Start"))).BaseObject);

        Assert.True(status.Running);
        Assert.True(status.IsHealthy);
        Assert.Empty(status.Problems);
        Assert.Equal(status.ProcessId, status.LockFileProcessId);
        Assert.Equal("Memory", status.KernelBackend);
        Assert.Equal($"IPsec running, pluto pid {status.ProcessId}", status.ToString());
    }

    [Fact]
    public void Start_RunsTheDaemonExecutableBesideTheModule_NotThePowerShellHost()
    {
        var status = Assert.IsType<IpsecServiceStatus>(Assert.Single(_shell.Run(Setup("Start"))).BaseObject);

        var commandLine = File.ReadAllText($"/proc/{status.ProcessId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "swanshell-pluto"), commandLine[0]);
        Assert.Equal("pluto", commandLine[1]);
    }

    [Fact]
    public void Start_WritesProgressWhileWaitingForTheDaemon_ThenCompletes()
    {
        var status = (IpsecServiceStatus)Assert.Single(_shell.Run(Setup("Start"))).BaseObject;

        var progress = _shell.Streams.Progress.ToList();
        Assert.All(progress, p => Assert.Equal("Starting the SwanShell daemon", p.Activity));
        Assert.Equal($"waiting for the daemon to answer on {_run.RunDirectory.SocketPath}", progress[0].StatusDescription);
        Assert.Equal(0, progress[0].PercentComplete);
        Assert.All(progress[..^1], p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.Equal($"running, pid {status.ProcessId}", progress[^1].StatusDescription);
    }

    [Fact]
    public void Status_WhereObjectOnTypedProperties_Works()
    {
        _shell.Run(Setup("Start"));

        Assert.Single(_shell.Run($"{Setup("Status")} | Where-Object {{ $_.Running -and $_.IsHealthy }}"));
    }

    [Fact]
    public void Status_OfAStoppedSystem_SaysStopped()
    {
        var status = Assert.IsType<IpsecServiceStatus>(Assert.Single(_shell.Run(Setup("Status"))).BaseObject);

        Assert.False(status.Running);
        Assert.Null(status.ProcessId);
        Assert.Equal("IPsec stopped", status.ToString());
    }

    [Fact]
    public void Start_WhenRunning_IsAnErrorWithAStableId()
    {
        _shell.Run(Setup("Start"));

        Assert.Empty(_shell.Run(Setup("Start")));

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("DaemonStartFailed,SwanShell.Commands.InvokeIpsecSetupCommand", error.FullyQualifiedErrorId);
        Assert.Contains("already running", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WhatIf_NamesTheStepsAndStartsNothing()
    {
        Assert.Empty(_shell.Run(Setup("Start", "-WhatIf")));

        Assert.Contains("What if: Starting the SwanShell daemon:", _shell.Text, StringComparison.Ordinal);
        Assert.Contains($"pluto --rundir {_run.Path} --config /etc/ipsec.conf --kernel memory", _shell.Text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_run.Path));
    }

    [Fact]
    public void Stop_AfterSigkill_ComplainsCleansAndReportsNotRunning()
    {
        var pid = ((IpsecServiceStatus)_shell.Run(Setup("Start")).Single().BaseObject).ProcessId!.Value;
        LibC.Kill(pid, 9);
        while (LibC.ProcessAlive(pid))
        {
            Thread.Sleep(10);
        }

        var status = (IpsecServiceStatus)_shell.Run(Setup("Status")).Single().BaseObject;
        _shell.Run(Setup("Stop"));

        Assert.False(status.Running);
        Assert.True(status.StaleLockFile);
        Assert.False(status.IsHealthy);
        Assert.Equal([$"stale lock file (its daemon pid {pid} is gone)", "stale pid file", "stale control socket"], status.Problems);
        Assert.Equal(3, _shell.Streams.Warning.Count);
        Assert.Equal("DaemonNotRunning,SwanShell.Commands.InvokeIpsecSetupCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
        Assert.True(((IpsecServiceStatus)_shell.Run(Setup("Status")).Single().BaseObject).IsHealthy);
    }

    [Fact]
    public void Stop_Confirm_AnsweredYes_StopsTheDaemon()
    {
        _shell.Run(Setup("Start"));

        _shell.Run(Setup("Stop", "-Confirm"));

        Assert.Empty(_shell.Streams.Error);
        Assert.False(((IpsecServiceStatus)_shell.Run(Setup("Status")).Single().BaseObject).Running);
    }

    [Fact]
    public void Restart_ReplacesTheDaemon()
    {
        var before = ((IpsecServiceStatus)_shell.Run(Setup("Start")).Single().BaseObject).ProcessId;

        var after = Assert.IsType<IpsecServiceStatus>(Assert.Single(_shell.Run(Setup("Restart"))).BaseObject);

        Assert.True(after.Running);
        Assert.NotEqual(before, after.ProcessId);
        Assert.Empty(_shell.Streams.Error);
    }

    [Fact]
    public void Status_RendersAsATable()
    {
        _shell.Run(Setup("Start"));

        var text = _shell.Render(Setup("Status"));

        Assert.Matches(@"Running\s+ProcessId", text);
        Assert.Contains("True", text, StringComparison.Ordinal);
    }
}
