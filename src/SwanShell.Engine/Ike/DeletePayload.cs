using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// D (RFC 7296 §3.11). Deleting the IKE SA names no SPI (size 0, the SPIs are in the header); AH and ESP SPIs are 4 bytes.
/// <code>
/// | Protocol ID   |   SPI Size    |          Num of SPIs          |
/// ~               Security Parameter Index(es) (SPI)              ~
/// </code>
/// </summary>
public sealed class DeletePayload : IkePayload
{
    public DeletePayload(SecurityProtocolId protocolId, IReadOnlyList<uint> spis)
    {
        ArgumentNullException.ThrowIfNull(spis);
        if (protocolId == SecurityProtocolId.IKE && spis.Count != 0)
        {
            throw new ArgumentException("deleting the IKE SA names no SPI", nameof(spis));
        }

        ProtocolId = protocolId;
        Spis = spis;
    }

    public override PayloadType Type => PayloadType.Delete;

    public SecurityProtocolId ProtocolId { get; }

    public IReadOnlyList<uint> Spis { get; }

    private int SpiSize => ProtocolId == SecurityProtocolId.IKE ? 0 : 4;

    public override int BodyLength => 4 + (Spis.Count * SpiSize);

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)ProtocolId;
        destination[1] = (byte)SpiSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Spis.Count);
        for (var i = 0; i < Spis.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + (4 * i))..], Spis[i]);
        }
    }

    internal static DeletePayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.Delete, body, 4);
        var span = body.Span;
        var protocolId = (SecurityProtocolId)span[0];
        var spiSize = span[1];
        var count = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        var expectedSize = protocolId switch
        {
            SecurityProtocolId.IKE => 0,
            SecurityProtocolId.AH or SecurityProtocolId.ESP => 4,
            _ => throw IkeProtocolException.InvalidSyntax($"a Delete payload for protocol {(byte)protocolId}"),
        };
        if (spiSize != expectedSize || (protocolId == SecurityProtocolId.IKE && count != 0))
        {
            throw IkeProtocolException.InvalidSyntax($"a Delete payload for {protocolId} with {count} SPIs of {spiSize} bytes");
        }

        if (span.Length != 4 + (count * spiSize))
        {
            throw IkeProtocolException.InvalidSyntax($"a Delete payload of {span.Length} bytes for {count} SPIs of {spiSize} bytes");
        }

        var spis = new uint[count];
        for (var i = 0; i < count; i++)
        {
            spis[i] = BinaryPrimitives.ReadUInt32BigEndian(span[(4 + (4 * i))..]);
        }

        return new DeletePayload(protocolId, spis);
    }
}
