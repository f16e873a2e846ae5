using System.Management.Automation;
using SwanShell.Engine.Control;

namespace SwanShell.Internal;

/// <summary>The cmdlets that do one daemon command to connections by name (delete, route, unroute), with -WhatIf, -Confirm and -PassThru.</summary>
public abstract class ConnectionChangeCmdlet : DaemonCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DaemonConnectionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Return the connection's status afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The daemon command.</summary>
    protected abstract string Command { get; }

    /// <summary>What is done, for -WhatIf and -Confirm.</summary>
    protected abstract string Caption(string name);

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            try
            {
                var change = PlanThenChange(
                    Command,
                    whatIf => new ConnectionArguments(name, whatIf),
                    ControlJsonContext.Default.ConnectionArguments,
                    ControlJsonContext.Default.ConnectionChange,
                    Caption(name),
                    plan => plan.Operations);
                if (change is not null && PassThru)
                {
                    WriteObject(Request("connections", ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus).FirstOrDefault(s => s.Name == name));
                }
            }
            catch (DaemonRequestException e)
            {
                WriteError(e, name);
            }
        }
    }
}
