using System.Management.Automation;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --route</c>: installs the connection's trap policy, so that matching traffic brings it up.</summary>
[Cmdlet(VerbsCommon.Add, "IpsecRoute", SupportsShouldProcess = true)]
public sealed class AddIpsecRouteCommand : ConnectionChangeCmdlet
{
    protected override string Command => "route";

    protected override string Caption(string name) => $"Route connection '{name}'";
}
