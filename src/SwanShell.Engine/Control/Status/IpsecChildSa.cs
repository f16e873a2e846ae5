namespace SwanShell;

/// <summary>A Child SA (a pair of kernel SAs): SPIs, mode, algorithms, traffic selectors, counters and lifetimes. Never its keys.</summary>
public sealed record IpsecChildSa
{
    public required ulong Serial { get; init; }

    public required string Connection { get; init; }

    /// <summary>The serial of the IKE SA that created and manages it.</summary>
    public required ulong IkeSaSerial { get; init; }

    public required string State { get; init; }

    public required string Protocol { get; init; }

    public required string Mode { get; init; }

    /// <summary>The SPI peers send to us with, 8 hex digits.</summary>
    public required string InboundSpi { get; init; }

    /// <summary>The SPI we send with, 8 hex digits.</summary>
    public required string OutboundSpi { get; init; }

    public required uint Reqid { get; init; }

    public string? Encryption { get; init; }

    public string? Integrity { get; init; }

    /// <summary>The PFS key exchange of its CREATE_CHILD_SA, if any.</summary>
    public string? KeyExchange { get; init; }

    public required IReadOnlyList<string> LocalTrafficSelectors { get; init; }

    public required IReadOnlyList<string> RemoteTrafficSelectors { get; init; }

    public bool UdpEncapsulation { get; init; }

    /// <summary>The mark of its inbound SA and policies (<c>mark-in=</c> or <c>mark=</c>), as 0xVALUE/0xMASK; null when none.</summary>
    public string? MarkIn { get; init; }

    /// <summary>The mark of its outbound SA and policy (<c>mark-out=</c> or <c>mark=</c>), as 0xVALUE/0xMASK; null when none.</summary>
    public string? MarkOut { get; init; }

    public ulong BytesIn { get; init; }

    public ulong BytesOut { get; init; }

    public ulong PacketsIn { get; init; }

    public ulong PacketsOut { get; init; }

    public DateTimeOffset? EstablishedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RekeyAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() => $"#{Serial} {Connection} {State} {Protocol} {InboundSpi}/{OutboundSpi}";
}
