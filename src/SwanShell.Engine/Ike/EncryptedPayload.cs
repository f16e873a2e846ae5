namespace SwanShell.Engine.Ike;

/// <summary>
/// SK, as received (RFC 7296 §3.14): the last payload of the message, its Next Payload naming the first payload
/// inside. It keeps the whole message, because the AEAD associated data (RFC 5282 §5.1) and the ICV of CBC + HMAC
/// (§3.14) both cover the message from the IKE header on. Open it with <see cref="EncryptedPayloadCipher.Decrypt(EncryptedPayload)"/>;
/// to send one, <see cref="EncryptedPayloadCipher.Encrypt"/> builds the whole message.
/// <code>
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// |                     Initialization Vector                     |
/// ~                    Encrypted IKE Payloads                     ~
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               |             Padding (0-255 octets)            |
/// +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
/// |                                               |  Pad Length   |
/// ~                    Integrity Checksum Data                    ~
/// </code>
/// </summary>
public sealed class EncryptedPayload : IkePayload
{
    internal EncryptedPayload(PayloadType firstInnerPayload, ReadOnlyMemory<byte> message, int offset)
    {
        FirstInnerPayload = firstInnerPayload;
        Message = message;
        Offset = offset;
    }

    public override PayloadType Type => PayloadType.Encrypted;

    public PayloadType FirstInnerPayload { get; }

    /// <summary>The whole message this payload ends.</summary>
    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>Where the generic payload header starts in <see cref="Message"/>.</summary>
    public int Offset { get; }

    public override int BodyLength => Message.Length - Offset - PayloadChain.GenericHeaderSize;

    internal override PayloadType? NextPayloadOverride => FirstInnerPayload;

    public override void WriteBody(Span<byte> destination) => Message.Span[(Offset + PayloadChain.GenericHeaderSize)..].CopyTo(destination);
}
