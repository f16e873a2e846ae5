using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --delete</c>: tears down the connection's SAs and kernel state and forgets it.</summary>
[Cmdlet(VerbsCommon.Remove, "IpsecConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveIpsecConnectionCommand : ConnectionChangeCmdlet
{
    protected override string Command => "delete";

    protected override string Caption(string name) => $"Delete connection '{name}'";
}
