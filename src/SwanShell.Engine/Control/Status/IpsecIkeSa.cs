namespace SwanShell;

/// <summary>An IKE SA: its SPIs, role, negotiated algorithms, endpoints and lifetimes. Never its keys.</summary>
public sealed record IpsecIkeSa
{
    /// <summary>The SA's serial number in the daemon, as libreswan's #N.</summary>
    public required ulong Serial { get; init; }

    public required string Connection { get; init; }

    public required string State { get; init; }

    /// <summary>Initiator or Responder: who began the IKE_SA_INIT exchange.</summary>
    public required string Role { get; init; }

    /// <summary>The initiator's SPI, 16 hex digits.</summary>
    public required string InitiatorSpi { get; init; }

    /// <summary>The responder's SPI, 16 hex digits (zero until it answered).</summary>
    public required string ResponderSpi { get; init; }

    public required string LocalEndpoint { get; init; }

    public required string RemoteEndpoint { get; init; }

    public string? LocalId { get; init; }

    public string? RemoteId { get; init; }

    public string? Encryption { get; init; }

    public string? Integrity { get; init; }

    public string? Prf { get; init; }

    public string? KeyExchange { get; init; }

    /// <summary>Whether a NAT was found between the peers (then IKE and ESP go over UDP 4500).</summary>
    public bool NatDetected { get; init; }

    public DateTimeOffset? EstablishedAt { get; init; }

    public DateTimeOffset? RekeyAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() => $"#{Serial} {Connection} {State} {InitiatorSpi}:{ResponderSpi}";
}
