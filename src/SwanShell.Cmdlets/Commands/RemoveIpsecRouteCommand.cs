using System.Management.Automation;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --unroute</c>: removes the connection's trap policy and routes.</summary>
[Cmdlet(VerbsCommon.Remove, "IpsecRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveIpsecRouteCommand : ConnectionChangeCmdlet
{
    protected override string Command => "unroute";

    protected override string Caption(string name) => $"Unroute connection '{name}'";
}
