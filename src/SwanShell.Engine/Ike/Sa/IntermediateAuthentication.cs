using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The IntAuth chains of RFC 9242 §3.3.2, which bind the IKE_INTERMEDIATE messages into IKE_AUTH:
/// IntAuth_i(n) = prf(SK_pi, IntAuth_i(n-1) | A | P) over each request and IntAuth_r(n) likewise with SK_pr over
/// each response, with the SK_p keys that protected that message. A is the IKE header and the Encrypted payload's
/// header with their lengths counting only the inner payloads (no IV, padding or ICV), P the inner payloads in clear,
/// both as the sender encoded them (a received message is never re-encoded: payloads we skip, and encodings other
/// than ours, count as they came); a fragmented message counts as if it were not fragmented. Chain values are key
/// material: never printed.
/// </summary>
internal sealed class IntermediateAuthentication : IDisposable
{
    private byte[] _initiator = [];
    private byte[] _responder = [];

    /// <summary>How many IKE_INTERMEDIATE messages each way have been folded in.</summary>
    public int Exchanges { get; private set; }

    /// <summary>
    /// The chain value one more IKE_INTERMEDIATE message gives (with the SK_p key that protected it), not yet kept:
    /// <see cref="Add"/> keeps it once the message is accepted, so one dropped, or answered again, is never counted twice.
    /// </summary>
    /// <param name="fromInitiator">A request (the initiator's chain) or a response (the responder's).</param>
    /// <param name="ikeHeader">The IKE header as it went over the wire (of any fragment); Next Payload and Length are set here.</param>
    /// <param name="encryptedPayloadFlags">The second octet of the SK (or first SKF) payload's generic header, as sent.</param>
    /// <param name="firstInnerPayload">The type of the first inner payload.</param>
    /// <param name="innerPayloads">The inner payloads in clear as sent: decrypted octets of SK, or of every SKF in order.</param>
    /// <param name="prf">The IKE SA's prf.</param>
    /// <param name="keys">The keys that protected the message.</param>
    public byte[] Next(bool fromInitiator, ReadOnlySpan<byte> ikeHeader, byte encryptedPayloadFlags, PayloadType firstInnerPayload, ReadOnlySpan<byte> innerPayloads, IPseudorandomFunction prf, IkeSaKeys keys)
    {
        var previous = fromInitiator ? _initiator : _responder;
        var skLength = PayloadChain.GenericHeaderSize + innerPayloads.Length;
        var data = new byte[previous.Length + IkeHeader.Size + skLength];
        previous.CopyTo(data, 0);
        var a = data.AsSpan(previous.Length);

        // As if unfragmented and with no IV, padding or ICV: the IKE header names SK, and both lengths count the inner payloads only.
        ikeHeader[..IkeHeader.Size].CopyTo(a);
        a[16] = (byte)PayloadType.Encrypted;
        BinaryPrimitives.WriteUInt32BigEndian(a[24..], (uint)(IkeHeader.Size + skLength));
        a[IkeHeader.Size] = (byte)firstInnerPayload;
        a[IkeHeader.Size + 1] = encryptedPayloadFlags;
        BinaryPrimitives.WriteUInt16BigEndian(a[(IkeHeader.Size + 2)..], (ushort)skLength);
        innerPayloads.CopyTo(a[(IkeHeader.Size + PayloadChain.GenericHeaderSize)..]);

        var next = new byte[prf.OutputLength];
        prf.Compute(fromInitiator ? keys.SK_pi : keys.SK_pr, data, next);
        CryptographicOperations.ZeroMemory(data);
        return next;
    }

    /// <summary>Folds in an IKE_INTERMEDIATE message we send, as we encode it (with the SK flags octet zero).</summary>
    public void AddSent(IkeHeader header, IReadOnlyList<IkePayload> payloads, IPseudorandomFunction prf, IkeSaKeys keys)
    {
        Span<byte> ikeHeader = stackalloc byte[IkeHeader.Size];
        header.Write(ikeHeader);
        var inner = new byte[PayloadChain.GetLength(payloads)];
        PayloadChain.Write(payloads, inner);
        var first = payloads.Count == 0 ? PayloadType.NoNextPayload : payloads[0].Type;
        Add(!header.IsResponse, Next(!header.IsResponse, ikeHeader, 0, first, inner, prf, keys));
    }

    /// <summary>Keeps the chain value of an accepted IKE_INTERMEDIATE message (from <see cref="Next"/>).</summary>
    public void Add(bool fromInitiator, byte[] next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (fromInitiator)
        {
            CryptographicOperations.ZeroMemory(_initiator);
            _initiator = next;
        }
        else
        {
            CryptographicOperations.ZeroMemory(_responder);
            _responder = next;
            Exchanges++;
        }
    }

    /// <summary>
    /// What AUTH's signed octets end with (RFC 9242 §3.3.2): IntAuth_iN | IntAuth_rN | IKE_AUTH_MID, the Message ID
    /// of the IKE_AUTH request; nothing when no IKE_INTERMEDIATE exchange took place.
    /// </summary>
    public byte[] ForAuthentication(uint authMessageId)
    {
        if (Exchanges == 0)
        {
            return [];
        }

        var octets = new byte[_initiator.Length + _responder.Length + 4];
        _initiator.CopyTo(octets, 0);
        _responder.CopyTo(octets, _initiator.Length);
        BinaryPrimitives.WriteUInt32BigEndian(octets.AsSpan(^4), authMessageId);
        return octets;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_initiator);
        CryptographicOperations.ZeroMemory(_responder);
    }

    public override string ToString() => $"IntAuth after {Exchanges} IKE_INTERMEDIATE exchanges (redacted)";
}
