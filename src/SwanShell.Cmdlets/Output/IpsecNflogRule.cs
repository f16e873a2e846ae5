using SwanShell.Engine.Nflog;

namespace SwanShell;

/// <summary>One rule of SwanShell's nftables table: whose traffic (a conn's, or all IPsec traffic for nflog-all=) goes to which NFLOG group.</summary>
public sealed class IpsecNflogRule
{
    internal IpsecNflogRule(NflogRule rule)
    {
        Connection = rule.Connection;
        Group = rule.Group;
        Chain = rule.Chain;
        Direction = rule.Direction;
        Source = rule.Source?.ToString();
        Destination = rule.Destination?.ToString();
        Prefix = rule.Prefix;
        Rule = rule.Render();
    }

    /// <summary>The conn; null for the nflog-all= rules.</summary>
    public string? Connection { get; }

    public ushort Group { get; }

    public NflogChain Chain { get; }

    public NflogDirection Direction { get; }

    /// <summary>The source network matched; null matches any.</summary>
    public string? Source { get; }

    /// <summary>The destination network matched; null matches any.</summary>
    public string? Destination { get; }

    /// <summary>The log prefix the packets carry.</summary>
    public string Prefix { get; }

    /// <summary>The rule in nft syntax.</summary>
    public string Rule { get; }

    public override string ToString() => Rule;
}
