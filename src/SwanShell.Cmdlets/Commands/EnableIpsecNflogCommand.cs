using System.Management.Automation;
using SwanShell.Engine.Config;
using SwanShell.Engine.Nflog;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec checknflog</c>: nftables rules, in SwanShell's own table, that send the traffic of the conns with
/// <c>nflog-group=</c> (and with <c>nflog-all=</c>, all IPsec traffic) to their NFLOG groups.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "IpsecNflog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(IpsecNflogRule))]
public sealed class EnableIpsecNflogCommand : NflogCmdlet
{
    [Parameter]
    public string Config { get; set; } = "/etc/ipsec.conf";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Config);
        if (!File.Exists(path))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The configuration file {path} does not exist.", path), "ConfigNotFound", ErrorCategory.ObjectNotFound, path));
            return;
        }

        var configuration = IpsecConfReader.Read(path);
        foreach (var diagnostic in configuration.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            WriteWarning(diagnostic.ToString());
        }

        var warnings = new List<string>();
        var ruleset = NflogPlanner.Plan(configuration, new SystemLocalAddressSource(), warnings);
        warnings.ForEach(WriteWarning);
        var nft = Nft;
        if (ruleset.IsEmpty)
        {
            WriteWarning($"No conn in {path} sets nflog-group= and config setup has no nflog-all=: there is nothing to log, and {NflogRuleset.Table} is removed if it exists.");
        }

        var description = ruleset.IsEmpty
            ? $"Remove the nftables table '{NflogRuleset.Table}' ({nft.Describe("-f", "-")}):{Environment.NewLine}{NflogRuleset.RemoveScript}"
            : $"Replace the nftables table '{NflogRuleset.Table}' ({nft.Describe("-f", "-")}) with:{Environment.NewLine}{ruleset.Render()}";
        if (!ShouldProcess(description, $"{description}Continue?", "Enable-IpsecNflog"))
        {
            return;
        }

        Try(() =>
        {
            nft.Apply(ruleset);
            if (PassThru)
            {
                WriteObject(ruleset.Rules.Select(r => new IpsecNflogRule(r)), enumerateCollection: true);
            }
        });
    }
}
