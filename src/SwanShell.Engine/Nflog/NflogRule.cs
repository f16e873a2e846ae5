using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Nflog;

/// <summary>The netfilter hook a rule sits in.</summary>
public enum NflogChain
{
    Input,
    Forward,
    Output,
}

/// <summary>Which way the packet goes through the tunnel.</summary>
public enum NflogDirection
{
    /// <summary>Decrypted: it came in through an IPsec SA (<c>meta ipsec exists</c>).</summary>
    Inbound,

    /// <summary>To be encrypted: its route goes out through an IPsec SA (<c>rt ipsec exists</c>).</summary>
    Outbound,
}

/// <summary>
/// One nftables rule sending a conn's tunnelled traffic (or, without <see cref="Connection"/>, all IPsec traffic:
/// <c>nflog-all=</c>) to an NFLOG group. A null address matches any.
/// </summary>
public sealed record NflogRule(string? Connection, ushort Group, NflogChain Chain, NflogDirection Direction, IPNetwork? Source, IPNetwork? Destination)
{
    /// <summary>The log prefix: the conn's name, as libreswan's updown uses; "all-ipsec-input"/"-output" for nflog-all.</summary>
    public string Prefix => Connection is { } name
        ? new string([.. name.Take(MaximumPrefixLength).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '@' ? c : '_')])
        : Direction == NflogDirection.Inbound ? "all-ipsec-input" : "all-ipsec-output";

    /// <summary>netfilter's log prefix holds 127 characters; a prefix stays inside its quotes whatever the conn's name.</summary>
    private const int MaximumPrefixLength = 127;

    /// <summary>The rule in nft syntax, as <c>nft list</c> prints it back.</summary>
    public string Render()
    {
        var parts = new List<string> { Direction == NflogDirection.Inbound ? "meta ipsec exists" : "rt ipsec exists" };
        if (Source is { } source)
        {
            parts.Add($"{Family(source)} saddr {Format(source)}");
        }

        if (Destination is { } destination)
        {
            parts.Add($"{Family(destination)} daddr {Format(destination)}");
        }

        parts.Add($"log prefix \"{Prefix}\" group {Group.ToString(CultureInfo.InvariantCulture)}");
        return string.Join(' ', parts);
    }

    private static string Family(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    /// <summary>nft prints a single address without its /32 or /128.</summary>
    private static string Format(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32) ? network.BaseAddress.ToString() : network.ToString();
}
