using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --up</c>: negotiates the connection and returns it established, with its SAs.</summary>
[Cmdlet(VerbsLifecycle.Start, "IpsecConnection", SupportsShouldProcess = true)]
[OutputType(typeof(IpsecConnectionStatus))]
public sealed class StartIpsecConnectionCommand : DaemonCmdlet
{
    private readonly List<string> _forJob = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DaemonConnectionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Start negotiating and return at once (ipsec auto --asynchronous --up); Get-IpsecStatus tells the outcome.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>Bring the connections up in parallel in a background job, and return the job at once.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void ProcessRecord()
    {
        if (AsJob)
        {
            _forJob.AddRange(Name.Where(name => ShouldProcess(name, "Bring up connection (in a job)")));
            return;
        }

        foreach (var name in Name)
        {
            try
            {
                var status = PlanThenChange(
                    "up",
                    whatIf => new ConnectionArguments(name, whatIf, NoWait),
                    ControlJsonContext.Default.ConnectionArguments,
                    ControlJsonContext.Default.ConnectionChange,
                    ControlJsonContext.Default.IpsecConnectionStatus,
                    $"Bring up connection '{name}'",
                    plan => plan.Operations);
                if (status is not null)
                {
                    WriteObject(status);
                }
            }
            catch (DaemonRequestException e)
            {
                WriteError(e, name);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_forJob.Count > 0)
        {
            var job = new IpsecConnectionJob(MyInvocation.Line, Run.SocketPath, _forJob);
            JobRepository.Add(job);
            WriteObject(job);
        }
    }
}
