namespace SwanShell;

/// <summary>
/// One established Child SA's traffic (<c>ipsec whack --trafficstatus</c>): its serial, connection, when it was added
/// and the kernel's byte and packet counters each way.
/// </summary>
public sealed class IpsecTrafficStatus
{
    internal IpsecTrafficStatus(IpsecConnectionStatus connection, IpsecChildSa child)
    {
        Serial = child.Serial;
        Connection = child.Connection;
        IkeSaSerial = child.IkeSaSerial;
        Type = child.Protocol;
        AddedAt = child.EstablishedAt;
        BytesIn = child.BytesIn;
        BytesOut = child.BytesOut;
        PacketsIn = child.PacketsIn;
        PacketsOut = child.PacketsOut;
        InboundSpi = child.InboundSpi;
        OutboundSpi = child.OutboundSpi;
        RemoteId = connection.RemoteId;
    }

    public ulong Serial { get; }

    public string Connection { get; }

    public ulong IkeSaSerial { get; }

    /// <summary>ESP (AH and IPComp are not negotiated by SwanShell).</summary>
    public string Type { get; }

    public DateTimeOffset? AddedAt { get; }

    public ulong BytesIn { get; }

    public ulong BytesOut { get; }

    public ulong PacketsIn { get; }

    public ulong PacketsOut { get; }

    public string InboundSpi { get; }

    public string OutboundSpi { get; }

    /// <summary>The peer's IKE identity.</summary>
    public string RemoteId { get; }

    public override string ToString() => $"#{Serial} {Connection}";
}
