using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The IntAuth chains of RFC 9242 §3.3.2, which bind the IKE_INTERMEDIATE messages into IKE_AUTH:
/// IntAuth_i(n) = prf(SK_pi, IntAuth_i(n-1) | A | P) over each request and IntAuth_r(n) likewise with SK_pr over
/// each response, with the SK_p keys that protected that message. A is the IKE header and the Encrypted payload's
/// header with their lengths counting only the inner payloads (no IV, padding or ICV), P the inner payloads in clear;
/// a fragmented message counts as if it were not fragmented. Chain values are key material: never printed.
/// </summary>
internal sealed class IntermediateAuthentication : IDisposable
{
    private byte[] _initiator = [];
    private byte[] _responder = [];

    /// <summary>How many IKE_INTERMEDIATE messages each way have been folded in.</summary>
    public int Exchanges { get; private set; }

    /// <summary>Folds one IKE_INTERMEDIATE message, request or response, into its chain.</summary>
    public void Add(IkeHeader header, IReadOnlyList<IkePayload> payloads, IPseudorandomFunction prf, IkeSaKeys keys)
    {
        var fromInitiator = !header.IsResponse;
        var previous = fromInitiator ? _initiator : _responder;
        var inner = PayloadChain.GetLength(payloads);
        var skLength = PayloadChain.GenericHeaderSize + inner;
        var data = new byte[previous.Length + IkeHeader.Size + skLength];
        previous.CopyTo(data, 0);
        var a = data.AsSpan(previous.Length);
        (header with { NextPayload = PayloadType.Encrypted, Length = IkeHeader.Size + skLength }).Write(a);
        PayloadChain.WriteGenericHeader(a[IkeHeader.Size..], payloads.Count == 0 ? PayloadType.NoNextPayload : payloads[0].Type, skLength);
        PayloadChain.Write(payloads, a[(IkeHeader.Size + PayloadChain.GenericHeaderSize)..]);

        var next = new byte[prf.OutputLength];
        prf.Compute(fromInitiator ? keys.SK_pi : keys.SK_pr, data, next);
        CryptographicOperations.ZeroMemory(data);
        CryptographicOperations.ZeroMemory(previous);
        if (fromInitiator)
        {
            _initiator = next;
        }
        else
        {
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
