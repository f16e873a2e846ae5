using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// N (RFC 7296 §3.10).
/// <code>
/// |  Protocol ID  |   SPI Size    |      Notify Message Type      |
/// ~                Security Parameter Index (SPI)                 ~
/// ~                       Notification Data                       ~
/// </code>
/// </summary>
public sealed class NotifyPayload : IkePayload
{
    public NotifyPayload(NotifyMessageType notifyType, ReadOnlyMemory<byte> notificationData = default)
        : this(SecurityProtocolId.None, ReadOnlyMemory<byte>.Empty, notifyType, notificationData)
    {
    }

    public NotifyPayload(SecurityProtocolId protocolId, ReadOnlyMemory<byte> spi, NotifyMessageType notifyType, ReadOnlyMemory<byte> notificationData)
    {
        if (spi.Length > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(spi), spi.Length, "an SPI is at most 255 bytes");
        }

        ProtocolId = protocolId;
        Spi = spi;
        NotifyType = notifyType;
        NotificationData = notificationData;
    }

    public override PayloadType Type => PayloadType.Notify;

    public SecurityProtocolId ProtocolId { get; }

    public ReadOnlyMemory<byte> Spi { get; }

    public NotifyMessageType NotifyType { get; }

    public ReadOnlyMemory<byte> NotificationData { get; }

    /// <summary>Types below 16384 report errors (§3.10.1).</summary>
    public bool IsError => (ushort)NotifyType < 16384;

    public override int BodyLength => 4 + Spi.Length + NotificationData.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)ProtocolId;
        destination[1] = (byte)Spi.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)NotifyType);
        Spi.Span.CopyTo(destination[4..]);
        NotificationData.Span.CopyTo(destination[(4 + Spi.Length)..]);
    }

    internal static NotifyPayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.Notify, body, 4);
        var span = body.Span;
        var spiSize = span[1];
        PayloadFormat.RequireLength(PayloadType.Notify, body, 4 + spiSize);
        return new NotifyPayload(
            (SecurityProtocolId)span[0],
            body.Slice(4, spiSize),
            (NotifyMessageType)BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
            body[(4 + spiSize)..]);
    }
}
