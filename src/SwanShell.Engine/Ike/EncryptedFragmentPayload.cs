using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// SKF, as received (RFC 7383 §2.5): one fragment of an encrypted message, protected on its own. Only the first
/// fragment's Next Payload names the first inner payload. Open it with
/// <see cref="EncryptedPayloadCipher.DecryptFragment"/> and put it together with a <see cref="FragmentReassembler"/>.
/// <code>
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// |        Fragment Number        |        Total Fragments        |
/// |                     Initialization Vector                     |
/// ~                      Encrypted content                        ~
/// ~                    Integrity Checksum Data                    ~
/// </code>
/// </summary>
public sealed class EncryptedFragmentPayload : IkePayload
{
    internal const int FieldsLength = 4;

    private EncryptedFragmentPayload(PayloadType firstInnerPayload, ReadOnlyMemory<byte> message, int offset, ushort fragmentNumber, ushort totalFragments)
    {
        FirstInnerPayload = firstInnerPayload;
        Message = message;
        Offset = offset;
        FragmentNumber = fragmentNumber;
        TotalFragments = totalFragments;
    }

    public override PayloadType Type => PayloadType.EncryptedFragment;

    public PayloadType FirstInnerPayload { get; }

    public ReadOnlyMemory<byte> Message { get; }

    public int Offset { get; }

    /// <summary>1-based.</summary>
    public ushort FragmentNumber { get; }

    public ushort TotalFragments { get; }

    public override int BodyLength => Message.Length - Offset - PayloadChain.GenericHeaderSize;

    internal override PayloadType? NextPayloadOverride => FirstInnerPayload;

    public override void WriteBody(Span<byte> destination) => Message.Span[(Offset + PayloadChain.GenericHeaderSize)..].CopyTo(destination);

    internal static EncryptedFragmentPayload Parse(PayloadType firstInnerPayload, ReadOnlyMemory<byte> message, int offset)
    {
        var fields = message.Span[(offset + PayloadChain.GenericHeaderSize)..];
        if (fields.Length < FieldsLength)
        {
            throw IkeProtocolException.IntegrityCheckFailed("an Encrypted Fragment payload is too short to carry its fragment numbers");
        }

        var number = BinaryPrimitives.ReadUInt16BigEndian(fields);
        var total = BinaryPrimitives.ReadUInt16BigEndian(fields[2..]);

        // RFC 7383 §2.6.2: a fragment numbered 0 or beyond the total is discarded, without a reply.
        if (number == 0 || number > total)
        {
            throw IkeProtocolException.IntegrityCheckFailed($"fragment {number} of {total} is discarded");
        }

        return new EncryptedFragmentPayload(firstInnerPayload, message, offset, number, total);
    }
}
