using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// A Proposal substructure (RFC 7296 §3.3.1). SPIs are 8 bytes for IKE (only when rekeying; 0 otherwise) and
/// 4 bytes for AH and ESP.
/// <code>
/// | Last Substruc |   RESERVED    |         Proposal Length       |
/// | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
/// ~                        SPI (variable)                         ~
/// ~                        &lt;Transforms&gt;                           ~
/// </code>
/// </summary>
public sealed class Proposal
{
    internal const int HeaderSize = 8;

    public Proposal(byte number, SecurityProtocolId protocolId, ReadOnlyMemory<byte> spi, IReadOnlyList<Transform> transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        if (transforms.Count > byte.MaxValue || spi.Length > byte.MaxValue)
        {
            throw new ArgumentException("at most 255 transforms and 255 bytes of SPI");
        }

        Number = number;
        ProtocolId = protocolId;
        Spi = spi;
        Transforms = transforms;
    }

    /// <summary>1 for the first proposal of an offer, one more for each next; an answer repeats the chosen number.</summary>
    public byte Number { get; }

    public SecurityProtocolId ProtocolId { get; }

    public ReadOnlyMemory<byte> Spi { get; }

    public IReadOnlyList<Transform> Transforms { get; }

    internal int Length
    {
        get
        {
            var length = HeaderSize + Spi.Length;
            foreach (var transform in Transforms)
            {
                length += transform.Length;
            }

            return length;
        }
    }

    internal void Write(Span<byte> destination, bool last)
    {
        destination[0] = last ? (byte)0 : (byte)2;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        destination[4] = Number;
        destination[5] = (byte)ProtocolId;
        destination[6] = (byte)Spi.Length;
        destination[7] = (byte)Transforms.Count;
        Spi.Span.CopyTo(destination[HeaderSize..]);
        var offset = HeaderSize + Spi.Length;
        for (var i = 0; i < Transforms.Count; i++)
        {
            Transforms[i].Write(destination[offset..], last: i == Transforms.Count - 1);
            offset += Transforms[i].Length;
        }
    }

    /// <summary>Reads one proposal from the start of <paramref name="data"/>; returns its length.</summary>
    internal static int Read(ReadOnlyMemory<byte> data, bool expectLast, out Proposal proposal)
    {
        var span = data.Span;
        if (span.Length < HeaderSize)
        {
            throw IkeProtocolException.InvalidSyntax("a proposal is cut off");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        var protocolId = (SecurityProtocolId)span[5];
        var spiSize = span[6];
        var transformCount = span[7];
        if (length < HeaderSize + spiSize || length > span.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"a proposal claims {length} bytes of {span.Length}");
        }

        if (span[0] != (expectLast ? 0 : 2))
        {
            throw IkeProtocolException.InvalidSyntax($"a proposal's Last Substruc is {span[0]} where {(expectLast ? 0 : 2)} belongs");
        }

        var validSpiSize = protocolId switch
        {
            SecurityProtocolId.IKE => spiSize is 0 or 8,
            SecurityProtocolId.AH or SecurityProtocolId.ESP => spiSize == 4,
            _ => true, // an unknown protocol is refused by negotiation, not as syntax
        };
        if (!validSpiSize)
        {
            throw IkeProtocolException.InvalidSyntax($"a {protocolId} proposal with a {spiSize}-byte SPI");
        }

        var transforms = new Transform[transformCount];
        var offset = HeaderSize + spiSize;
        for (var i = 0; i < transformCount; i++)
        {
            offset += Transform.Read(span[offset..length], expectLast: i == transformCount - 1, out transforms[i]);
        }

        if (offset != length)
        {
            throw IkeProtocolException.InvalidSyntax($"a proposal's {transformCount} transforms fill {offset} of its {length} bytes");
        }

        proposal = new Proposal(span[4], protocolId, data.Slice(HeaderSize, spiSize), transforms);
        return length;
    }
}
