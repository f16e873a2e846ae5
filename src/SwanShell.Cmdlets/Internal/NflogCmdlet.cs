using System.Management.Automation;
using SwanShell.Engine.Nflog;

namespace SwanShell.Internal;

/// <summary>The nflog cmdlets: where nft runs, and one mapping of nft failures to error records.</summary>
public abstract class NflogCmdlet : PSCmdlet
{
    /// <summary>Run nft in this network namespace (<c>ip netns exec</c>) instead of the current one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NetworkNamespace { get; set; }

    protected NftClient Nft => new(NetworkNamespace);

    protected void Try(Action action)
    {
        try
        {
            action();
        }
        catch (NftException e)
        {
            WriteError(new ErrorRecord(e, e.NotInstalled ? "NftNotInstalled" : "NftFailed", e.NotInstalled ? ErrorCategory.NotInstalled : ErrorCategory.InvalidResult, NflogRuleset.Table));
        }
    }
}
