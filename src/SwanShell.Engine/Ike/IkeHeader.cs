using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// The fixed IKE header (RFC 7296 §3.1).
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Initiator's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Responder's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Message ID                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Length                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct IkeHeader(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    PayloadType NextPayload,
    ExchangeType ExchangeType,
    IkeHeaderFlags Flags,
    uint MessageId,
    int Length)
{
    public const int Size = 28;

    public const byte MajorVersion = 2;

    public bool IsResponse => (Flags & IkeHeaderFlags.Response) != 0;

    public bool IsInitiator => (Flags & IkeHeaderFlags.Initiator) != 0;

    /// <summary>Reads the header of a whole datagram and checks it against the datagram's length.</summary>
    /// <exception cref="IkeProtocolException">Too short, another major version, or a Length that is not the datagram's.</exception>
    public static IkeHeader Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < Size)
        {
            throw IkeProtocolException.InvalidSyntax($"a {message.Length}-byte message is shorter than the IKE header");
        }

        var majorVersion = message[17] >> 4;
        if (majorVersion != MajorVersion)
        {
            throw IkeProtocolException.InvalidMajorVersion(majorVersion);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(message[24..]);
        if (length != (uint)message.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"the IKE header says {length} bytes but the message has {message.Length}");
        }

        // The minor version is ignored on receipt (§2.5); the reserved flag bits too (§3.1).
        return new IkeHeader(
            BinaryPrimitives.ReadUInt64BigEndian(message),
            BinaryPrimitives.ReadUInt64BigEndian(message[8..]),
            (PayloadType)message[16],
            (ExchangeType)message[18],
            (IkeHeaderFlags)message[19] & (IkeHeaderFlags.Initiator | IkeHeaderFlags.Version | IkeHeaderFlags.Response),
            BinaryPrimitives.ReadUInt32BigEndian(message[20..]),
            (int)length);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, InitiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ResponderSpi);
        destination[16] = (byte)NextPayload;
        destination[17] = MajorVersion << 4;
        destination[18] = (byte)ExchangeType;
        destination[19] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], (uint)Length);
    }
}
