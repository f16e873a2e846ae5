using System.Net;

namespace SwanShell;

/// <summary>
/// One connection as <c>Get-IpsecStatus</c> (ipsec auto --status) reports it: its ends, its state, and its IKE
/// and Child SAs; the byte and packet counters are the sums over its Child SAs, so they sort and filter directly.
/// </summary>
public sealed record IpsecConnectionStatus
{
    public required string Name { get; init; }

    public required ConnectionState State { get; init; }

    /// <summary><c>auto=</c>: what the daemon does with it at start.</summary>
    public required string Auto { get; init; }

    /// <summary><c>type=</c>: tunnel, transport, passthrough, drop or reject.</summary>
    public required string Type { get; init; }

    public required IPAddress LocalAddress { get; init; }

    /// <summary>The peer, or null when any peer may connect (<c>%any</c>).</summary>
    public IPAddress? RemoteAddress { get; init; }

    public required string LocalId { get; init; }

    public required string RemoteId { get; init; }

    public required IReadOnlyList<string> LocalSubnets { get; init; }

    public required IReadOnlyList<string> RemoteSubnets { get; init; }

    public required uint Reqid { get; init; }

    public required bool Routed { get; init; }

    public IReadOnlyList<IpsecIkeSa> IkeSas { get; init; } = [];

    public IReadOnlyList<IpsecChildSa> ChildSas { get; init; } = [];

    public ulong BytesIn { get; init; }

    public ulong BytesOut { get; init; }

    public ulong PacketsIn { get; init; }

    public ulong PacketsOut { get; init; }

    public override string ToString() => $"{Name}: {State}";
}
