using System.Management.Automation;
using SwanShell.Engine.Nflog;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec stopnflog</c>: deletes SwanShell's nftables table, and nothing else.</summary>
[Cmdlet(VerbsLifecycle.Disable, "IpsecNflog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
public sealed class DisableIpsecNflogCommand : NflogCmdlet
{
    protected override void EndProcessing()
    {
        var nft = Nft;
        Try(() =>
        {
            var rules = nft.CountRules();
            if (rules == 0 && !nft.TableExists())
            {
                WriteVerbose($"There is no nftables table '{NflogRuleset.Table}': nothing to remove.");
                return;
            }

            if (ShouldProcess(
                $"Delete the nftables table '{NflogRuleset.Table}' and its {rules} rule(s) ({nft.Describe("-f", "-")}):{Environment.NewLine}{NflogRuleset.RemoveScript}",
                $"Delete the nftables table '{NflogRuleset.Table}' and its {rules} rule(s)?",
                "Disable-IpsecNflog"))
            {
                nft.Remove();
            }
        });
    }
}
