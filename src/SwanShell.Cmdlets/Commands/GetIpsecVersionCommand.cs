using System.Management.Automation;
using SwanShell.Engine.Kernel;

namespace SwanShell.Commands;

/// <summary><c>ipsec --version</c> and <c>ipsec --directory</c>.</summary>
[Cmdlet(VerbsCommon.Get, "IpsecVersion")]
[OutputType(typeof(IpsecVersion))]
public sealed class GetIpsecVersionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var moduleDirectory = Path.GetDirectoryName(typeof(GetIpsecVersionCommand).Assembly.Location) ?? string.Empty;
        WriteObject(new IpsecVersion(KernelInfo.Read(), moduleDirectory));
    }
}
