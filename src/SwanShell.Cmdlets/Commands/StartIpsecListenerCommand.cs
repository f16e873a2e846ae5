using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec auto --ready</c> (<c>whack --listen</c>): the daemon listens for IKE on the addresses that appeared since it
/// started, and reads ipsec.secrets again, so that it is ready for peers after the network changed.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "IpsecListener", SupportsShouldProcess = true)]
[OutputType(typeof(ListenResult))]
public sealed class StartIpsecListenerCommand : DaemonCmdlet
{
    /// <summary>Return what the daemon listens on and what it loaded.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var result = PlanThenChange("listen", whatIf => new ListenArguments(whatIf), ControlJsonContext.Default.ListenArguments,
                ControlJsonContext.Default.ListenResult, "Listen for IKE peers on new addresses and reread the secrets", plan => plan.Operations);
            foreach (var problem in result?.Secrets?.Problems ?? [])
            {
                WriteWarning(problem);
            }

            if (PassThru && result is not null)
            {
                WriteObject(result);
            }
        }
        catch (DaemonRequestException e)
        {
            WriteError(e, null);
        }
    }
}
