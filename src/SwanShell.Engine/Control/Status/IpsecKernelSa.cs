namespace SwanShell;

/// <summary>
/// One SA as the daemon's kernel back end holds it (for <c>ipsec barf</c>): addresses, SPI, algorithms with their key
/// lengths, counters. By construction it has no field for a key.
/// </summary>
public sealed record IpsecKernelSa
{
    public required string Source { get; init; }

    public required string Destination { get; init; }

    public required string Protocol { get; init; }

    /// <summary>8 hex digits.</summary>
    public required string Spi { get; init; }

    public required string Mode { get; init; }

    public required uint Reqid { get; init; }

    /// <summary>The algorithms and key lengths, never the keys.</summary>
    public required string Algorithms { get; init; }

    public string? Encapsulation { get; init; }

    /// <summary>The netfilter mark and mask it applies to (<c>mark=</c>), as 0xVALUE/0xMASK; null when it has none.</summary>
    public string? Mark { get; init; }

    public ulong Bytes { get; init; }

    public ulong Packets { get; init; }

    public DateTimeOffset InstalledAt { get; init; }

    public override string ToString() =>
        $"src {Source} dst {Destination} proto {Protocol} spi 0x{Spi} reqid {Reqid} mode {Mode} {Algorithms}{(Encapsulation is null ? string.Empty : $" encap {Encapsulation}")} bytes {Bytes} packets {Packets}";
}
