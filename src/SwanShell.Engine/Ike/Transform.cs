using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// A Transform substructure (RFC 7296 §3.3.2) and its attributes (§3.3.5). The only attribute IKEv2 defines is
/// Key Length (type 14, TV format, in bits). A transform with any other attribute cannot be understood, so §3.3.6
/// has it rejected in negotiation rather than the message refused: <see cref="HasUnrecognizedAttributes"/> says so.
/// <code>
/// | Last Substruc |   RESERVED    |        Transform Length       |
/// |Transform Type |   RESERVED    |          Transform ID         |
/// ~                      Transform Attributes                     ~
/// </code>
/// </summary>
public sealed record Transform(TransformType Type, ushort Id, int? KeyLength = null, bool HasUnrecognizedAttributes = false)
{
    internal const int HeaderSize = 8;
    private const ushort AttributeFormatTv = 0x8000;
    private const ushort KeyLengthAttribute = 14;

    public static Transform Encryption(EncryptionTransformId id, int? keyLength = null) => new(TransformType.Encryption, (ushort)id, keyLength);

    public static Transform Prf(PrfTransformId id) => new(TransformType.PseudorandomFunction, (ushort)id);

    public static Transform Integrity(IntegrityTransformId id) => new(TransformType.Integrity, (ushort)id);

    public static Transform KeyExchange(KeyExchangeTransformId id, TransformType type = TransformType.KeyExchange) => new(type, (ushort)id);

    /// <summary>Transform type 5: 0 = no Extended Sequence Numbers, 1 = ESN.</summary>
    public static Transform ExtendedSequenceNumbers(bool enabled) => new(TransformType.ExtendedSequenceNumbers, enabled ? (ushort)1 : (ushort)0);

    internal int Length => HeaderSize + (KeyLength is null ? 0 : 4);

    internal void Write(Span<byte> destination, bool last)
    {
        destination[0] = last ? (byte)0 : (byte)3;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        destination[4] = (byte)Type;
        destination[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Id);
        if (KeyLength is { } keyLength)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AttributeFormatTv | KeyLengthAttribute);
            BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)keyLength);
        }
    }

    /// <summary>Reads one transform from the start of <paramref name="data"/>; returns its length.</summary>
    internal static int Read(ReadOnlySpan<byte> data, bool expectLast, out Transform transform)
    {
        if (data.Length < HeaderSize)
        {
            throw IkeProtocolException.InvalidSyntax("a transform is cut off");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (length < HeaderSize || length > data.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"a transform claims {length} bytes of {data.Length}");
        }

        if (data[0] != (expectLast ? 0 : 3))
        {
            throw IkeProtocolException.InvalidSyntax($"a transform's Last Substruc is {data[0]} where {(expectLast ? 0 : 3)} belongs");
        }

        int? keyLength = null;
        var unrecognized = false;
        var attributes = data[HeaderSize..length];
        while (!attributes.IsEmpty)
        {
            if (attributes.Length < 4)
            {
                throw IkeProtocolException.InvalidSyntax("a transform attribute is cut off");
            }

            var typeAndFormat = BinaryPrimitives.ReadUInt16BigEndian(attributes);
            var value = BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
            var attributeLength = 4;
            if ((typeAndFormat & AttributeFormatTv) == 0)
            {
                attributeLength += value;
                if (attributeLength > attributes.Length)
                {
                    throw IkeProtocolException.InvalidSyntax($"a transform attribute claims {value} bytes of {attributes.Length - 4}");
                }

                unrecognized = true;
            }
            else if ((typeAndFormat & ~AttributeFormatTv) == KeyLengthAttribute && keyLength is null)
            {
                keyLength = value;
            }
            else
            {
                unrecognized = true;
            }

            attributes = attributes[attributeLength..];
        }

        transform = new Transform((TransformType)data[4], BinaryPrimitives.ReadUInt16BigEndian(data[6..]), keyLength, unrecognized);
        return length;
    }
}
