using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --rereadsecrets</c>: the daemon reads ipsec.secrets again.</summary>
[Cmdlet(VerbsData.Update, "IpsecSecret", SupportsShouldProcess = true)]
[OutputType(typeof(SecretsSummary))]
public sealed class UpdateIpsecSecretCommand : DaemonCmdlet
{
    /// <summary>Return what was loaded: the file, the number of records and the problems found.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (!ShouldProcess($"the secrets of the daemon in {Run.Path}", "Re-read ipsec.secrets"))
        {
            return;
        }

        try
        {
            var summary = Request("rereadsecrets", ControlJsonContext.Default.SecretsSummary);
            foreach (var problem in summary.Problems)
            {
                WriteWarning(problem);
            }

            if (PassThru)
            {
                WriteObject(summary);
            }
        }
        catch (DaemonRequestException e)
        {
            WriteError(e, null);
        }
    }
}
