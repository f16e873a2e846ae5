using System.Management.Automation;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --down</c>: deletes the connection's IKE and Child SAs; a routed connection keeps its trap.</summary>
[Cmdlet(VerbsLifecycle.Stop, "IpsecConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class StopIpsecConnectionCommand : ConnectionChangeCmdlet
{
    protected override string Command => "down";

    protected override string Caption(string name) => $"Take down connection '{name}'";
}
