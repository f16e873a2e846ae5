using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Systemd;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>What <see cref="InvokeIpsecSetupCommand"/> does: the commands of <c>ipsec setup</c>.</summary>
public enum IpsecSetupAction
{
    Start,
    Stop,
    Restart,
    Status,
}

/// <summary><c>ipsec setup start|stop|restart|status</c>.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IpsecSetup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IpsecServiceStatus))]
public sealed class InvokeIpsecSetupCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public IpsecSetupAction Action { get; set; }

    [Parameter]
    public string? RunDirectory { get; set; }

    [Parameter]
    public string? Config { get; set; }

    [Parameter]
    public KernelBackendKind KernelBackend { get; set; } = KernelBackendKind.Xfrm;

    [Parameter]
    [ValidateRange(0, 65535)]
    public int IkePort { get; set; } = 500;

    [Parameter]
    [ValidateRange(0, 65535)]
    public int NatTraversalPort { get; set; } = 4500;

    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 15;

    protected override void EndProcessing()
    {
        var run = Engine.Daemon.RunDirectory.Resolve(RunDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(RunDirectory));
        switch (Action)
        {
            case IpsecSetupAction.Status:
                WriteObject(Status(run));
                break;
            case IpsecSetupAction.Start:
                Start(run);
                break;
            case IpsecSetupAction.Stop:
                Stop(run, failWhenNotRunning: true);
                break;
            case IpsecSetupAction.Restart:
                if (Stop(run, failWhenNotRunning: false))
                {
                    Start(run);
                }

                break;
        }
    }

    private static IpsecServiceStatus Status(RunDirectory run)
    {
        var status = DaemonStatus.Inspect(run);
        return new IpsecServiceStatus(status, status.Running ? AskInfo(run) : null);
    }

    private static DaemonInfo? AskInfo(RunDirectory run)
    {
        try
        {
            return Task.Run(async () =>
            {
                await using var client = await ControlClient.ConnectAsync(run.SocketPath, CancellationToken.None).ConfigureAwait(false);
                var result = await client.RequestAsync("status", null, null, CancellationToken.None).ConfigureAwait(false);
                return result is { } json ? System.Text.Json.JsonSerializer.Deserialize(json, ControlJsonContext.Default.DaemonInfo) : null;
            }).GetAwaiter().GetResult();
        }
        catch (ControlException)
        {
            return null; // Running by its lock, but not answering: the status object still says what is known.
        }
    }

    /// <summary>The host's systemd, consulted by Start; a seam for tests.</summary>
    internal SystemdHost Systemd { get; set; } = new();

    /// <summary>
    /// As the seed says, start maps to the init system: through systemd when it runs the host and the unit is installed,
    /// unless this start asks for what the unit does not do (another run directory, configuration, kernel or ports).
    /// </summary>
    private bool ThroughSystemd(RunDirectory run) =>
        run.Path == Engine.Daemon.RunDirectory.DefaultPath
        && !new[] { nameof(Config), nameof(KernelBackend), nameof(IkePort), nameof(NatTraversalPort) }.Any(MyInvocation.BoundParameters.ContainsKey)
        && Systemd.ManagesDaemon;

    private void Start(RunDirectory run)
    {
        if (ThroughSystemd(run))
        {
            if (ShouldProcess(Describe($"Starting the SwanShell daemon through systemd ({Systemd.UnitPath})", SystemdHost.StartPlan(run)), null, null))
            {
                Started(WithProgress(SystemdHost.StartAsync(run, TimeSpan.FromSeconds(TimeoutSec), CancellationToken.None), $"systemctl start {Systemd.UnitPath}, then waiting for the daemon to answer on {run.SocketPath}"));
            }

            return;
        }

        var options = new DaemonOptions
        {
            RunDirectory = run,
            ConfigPath = GetUnresolvedProviderPathFromPSPath(Config ?? "/etc/ipsec.conf"),
            KernelBackend = KernelBackend,
            IkePort = IkePort,
            NatTraversalPort = NatTraversalPort,
        };
        string executable;
        try
        {
            executable = DaemonExecutable.Find();
        }
        catch (FileNotFoundException e)
        {
            WriteError(new ErrorRecord(e, "DaemonExecutableNotFound", ErrorCategory.NotInstalled, null));
            return;
        }

        if (!ShouldProcess(Describe("Starting the SwanShell daemon", DaemonService.StartPlan(options, executable)), null, null))
        {
            return;
        }

        Started(WithProgress(DaemonService.StartAsync(options, executable, TimeSpan.FromSeconds(TimeoutSec), CancellationToken.None), $"waiting for the daemon to answer on {run.SocketPath}"));
    }

    /// <summary>
    /// Waits for a start on the pipeline thread (the only one that may write progress), with a progress record that
    /// moves toward -TimeoutSec, and completes it when the daemon answered or the start failed.
    /// </summary>
    private SetupOutcome WithProgress(Task<SetupOutcome> starting, string status)
    {
        const string activity = "Starting the SwanShell daemon";
        var timeout = TimeSpan.FromSeconds(TimeoutSec);
        WriteProgress(new ProgressRecord(1, activity, status) { PercentComplete = 0, SecondsRemaining = TimeoutSec });
        var waited = System.Diagnostics.Stopwatch.StartNew();

        // WhenAny, not Wait: a failed start throws its own exception below, not an AggregateException here.
        while (Task.WhenAny(starting, Task.Delay(200)).GetAwaiter().GetResult() != starting)
        {
            WriteProgress(new ProgressRecord(1, activity, status)
            {
                PercentComplete = (int)Math.Min(99, waited.Elapsed / timeout * 100),
                SecondsRemaining = (int)Math.Max(0, (timeout - waited.Elapsed).TotalSeconds),
            });
        }

        var outcome = starting.GetAwaiter().GetResult();
        WriteProgress(new ProgressRecord(1, activity, outcome.Succeeded ? $"running, pid {outcome.Info?.ProcessId}" : "failed")
        {
            PercentComplete = 100,
            RecordType = ProgressRecordType.Completed,
        });
        return outcome;
    }

    private void Started(SetupOutcome outcome)
    {
        Report(outcome, "DaemonStartFailed", ErrorCategory.ResourceUnavailable);
        if (outcome.Succeeded)
        {
            WriteObject(new IpsecServiceStatus(outcome.Status, outcome.Info));
        }
    }

    /// <returns>False when -WhatIf or the user declined.</returns>
    private bool Stop(RunDirectory run, bool failWhenNotRunning)
    {
        if (!ShouldProcess(Describe("Stopping the SwanShell daemon", DaemonService.StopPlan(run)), null, null))
        {
            return false;
        }

        var outcome = DaemonService.StopAsync(run, TimeSpan.FromSeconds(TimeoutSec), CancellationToken.None).GetAwaiter().GetResult();
        if (failWhenNotRunning || outcome.Succeeded)
        {
            Report(outcome, "DaemonNotRunning", ErrorCategory.ObjectNotFound);
        }
        else
        {
            outcome.Complaints.ToList().ForEach(WriteWarning);
        }

        return true;
    }

    /// <summary>Complaints become warnings; a failure becomes an error with a stable id.</summary>
    private void Report(SetupOutcome outcome, string errorId, ErrorCategory category)
    {
        foreach (var complaint in outcome.Complaints)
        {
            WriteWarning(complaint);
        }

        if (outcome.Failure is { } failure)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(failure), errorId, category, outcome.Status.RunDirectory.Path));
        }
    }

    private static string Describe(string what, IReadOnlyList<string> steps) =>
        $"{what}:{Environment.NewLine}{string.Join(Environment.NewLine, steps.Select((s, i) => $"  {i + 1}. {s}"))}";
}
