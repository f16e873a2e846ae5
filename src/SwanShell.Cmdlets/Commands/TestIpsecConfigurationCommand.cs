using System.Management.Automation;
using SwanShell.Engine.Config;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>The checkconfig of SwanShell: every problem in ipsec.conf, its includes and the secrets its PSK conns need.</summary>
[Cmdlet(VerbsDiagnostic.Test, "IpsecConfiguration")]
[OutputType(typeof(IpsecConfigDiagnostic), typeof(bool))]
public sealed class TestIpsecConfigurationCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public string Config { get; set; } = ConfigurationFiles.DefaultConfig;

    [Parameter]
    public string? RootDirectory { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        var (root, path) = ConfigurationFiles.Locate(this, Config, RootDirectory);
        var diagnostics = ConfigurationFiles.Check(path, root);
        if (Quiet)
        {
            WriteObject(!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            WriteObject(new IpsecConfigDiagnostic(diagnostic));
        }
    }
}
