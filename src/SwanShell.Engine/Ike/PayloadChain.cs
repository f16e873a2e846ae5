using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// Reads and writes chains of payloads, each behind the generic payload header (RFC 7296 §3.2):
/// <code>
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// </code>
/// Unknown payloads are skipped unless their critical bit is set (§2.5).
/// </summary>
public static class PayloadChain
{
    public const int GenericHeaderSize = 4;

    private const byte CriticalBit = 0x80;

    /// <summary>Parses the chain that starts with a payload of type <paramref name="first"/> at <paramref name="offset"/> and must end exactly at the end of <paramref name="message"/>.</summary>
    /// <param name="message">The whole datagram (so SK and SKF can find their associated data), or a decrypted SK body.</param>
    /// <param name="offset">Where the first generic payload header starts.</param>
    /// <param name="first">The Next Payload field that names the first payload.</param>
    /// <param name="allowEncrypted">False inside an SK payload: encrypted payloads do not nest.</param>
    /// <exception cref="IkeProtocolException">The chain is malformed or holds an unsupported critical payload.</exception>
    public static List<IkePayload> Parse(ReadOnlyMemory<byte> message, int offset, PayloadType first, bool allowEncrypted)
    {
        var payloads = new List<IkePayload>();
        var span = message.Span;
        var type = first;
        while (type != PayloadType.NoNextPayload)
        {
            if (span.Length - offset < GenericHeaderSize)
            {
                throw IkeProtocolException.InvalidSyntax($"the {type} payload header is cut off at offset {offset}");
            }

            var next = (PayloadType)span[offset];
            var critical = (span[offset + 1] & CriticalBit) != 0;
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
            if (length < GenericHeaderSize || length > span.Length - offset)
            {
                throw IkeProtocolException.InvalidSyntax($"the {type} payload at offset {offset} claims {length} bytes of {span.Length - offset}");
            }

            if (type is PayloadType.Encrypted or PayloadType.EncryptedFragment)
            {
                // §3.14: the Encrypted payload is the last one, and its Next Payload names the first payload inside it.
                if (!allowEncrypted)
                {
                    throw IkeProtocolException.InvalidSyntax($"an {type} payload inside an encrypted payload");
                }

                if (offset + length != span.Length)
                {
                    throw IkeProtocolException.InvalidSyntax($"the {type} payload is not the last payload");
                }

                payloads.Add(type == PayloadType.Encrypted
                    ? new EncryptedPayload(next, message, offset)
                    : EncryptedFragmentPayload.Parse(next, message, offset));
                return payloads;
            }

            var body = message.Slice(offset + GenericHeaderSize, length - GenericHeaderSize);
            var payload = ParseBody(type, body);
            if (payload is not null)
            {
                payloads.Add(payload);
            }
            else if (critical)
            {
                throw IkeProtocolException.UnsupportedCriticalPayload((byte)type);
            }

            offset += length;
            type = next;
        }

        if (offset != span.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"{span.Length - offset} bytes follow the last payload");
        }

        return payloads;
    }

    /// <summary>Bytes of the chain, generic headers included.</summary>
    public static int GetLength(IReadOnlyList<IkePayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var length = 0;
        foreach (var payload in payloads)
        {
            length += GenericHeaderSize + payload.BodyLength;
        }

        return length;
    }

    /// <summary>Writes the chain; each Next Payload names the following payload, the last one none.</summary>
    public static void Write(IReadOnlyList<IkePayload> payloads, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var offset = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            var length = GenericHeaderSize + payload.BodyLength;
            if (length > ushort.MaxValue)
            {
                throw new ArgumentException($"a {payload.Type} payload of {length} bytes does not fit its 16-bit length", nameof(payloads));
            }

            var next = payload.NextPayloadOverride ?? (i + 1 < payloads.Count ? payloads[i + 1].Type : PayloadType.NoNextPayload);
            WriteGenericHeader(destination[offset..], next, length);
            payload.WriteBody(destination.Slice(offset + GenericHeaderSize, payload.BodyLength));
            offset += length;
        }
    }

    /// <summary>We never set the critical bit: every payload we send is one RFC 7296 defines.</summary>
    internal static void WriteGenericHeader(Span<byte> destination, PayloadType next, int length)
    {
        destination[0] = (byte)next;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }

    private static IkePayload? ParseBody(PayloadType type, ReadOnlyMemory<byte> body) => type switch
    {
        PayloadType.SecurityAssociation => SecurityAssociationPayload.Parse(body),
        PayloadType.KeyExchange => KeyExchangePayload.Parse(body),
        PayloadType.IdentificationInitiator or PayloadType.IdentificationResponder => IdentificationPayload.Parse(type, body),
        PayloadType.Certificate => CertificatePayload.Parse(body),
        PayloadType.CertificateRequest => CertificateRequestPayload.Parse(body),
        PayloadType.Authentication => AuthenticationPayload.Parse(body),
        PayloadType.Nonce => NoncePayload.Parse(body),
        PayloadType.Notify => NotifyPayload.Parse(body),
        PayloadType.Delete => DeletePayload.Parse(body),
        PayloadType.VendorId => new VendorIdPayload(body),
        PayloadType.TrafficSelectorInitiator or PayloadType.TrafficSelectorResponder => TrafficSelectorPayload.Parse(type, body),
        PayloadType.Configuration => ConfigurationPayload.Parse(body),
        PayloadType.ExtensibleAuthentication => EapPayload.Parse(body),
        _ => null,
    };
}
