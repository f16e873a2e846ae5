using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --status</c>: the daemon's connections with their IKE and Child SAs, as objects.</summary>
[Cmdlet(VerbsCommon.Get, "IpsecStatus")]
[OutputType(typeof(IpsecConnectionStatus))]
public sealed class GetIpsecStatusCommand : DaemonCmdlet
{
    /// <summary>Only connections whose name matches one of these wildcards.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(DaemonConnectionNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        try
        {
            var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (var status in Request("connections", ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                if (patterns.Any(p => p.IsMatch(status.Name)))
                {
                    WriteObject(status);
                }
            }
        }
        catch (DaemonRequestException e)
        {
            WriteError(e, null);
        }
    }
}
