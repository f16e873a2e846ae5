using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>A Diffie-Hellman style exchange: both roles send a public value and agree on the peer's.</summary>
public abstract class DiffieHellmanKeyExchange : IKeyExchange
{
    public abstract KeyExchangeTransformId Method { get; }

    /// <summary>Our public value as IKE carries it (fixed length for the group, RFC 7296 §3.4).</summary>
    public abstract byte[] PublicValue { get; }

    public byte[] CreateInitiatorData() => PublicValue;

    public byte[] ProcessResponderData(ReadOnlySpan<byte> responderData) => Agree(responderData);

    public byte[] ProcessInitiatorData(ReadOnlySpan<byte> initiatorData, out byte[] sharedSecret)
    {
        sharedSecret = Agree(initiatorData);
        return PublicValue;
    }

    /// <summary>The shared secret g^ir with the peer's public value, as IKE feeds it to the prf.</summary>
    /// <exception cref="IkeProtocolException">The peer's value has the wrong length or is not a valid public value.</exception>
    public abstract byte[] Agree(ReadOnlySpan<byte> peerPublicValue);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected void CheckLength(ReadOnlySpan<byte> peerPublicValue, int expected)
    {
        if (peerPublicValue.Length != expected)
        {
            throw IkeProtocolException.InvalidSyntax($"{Method} key exchange data is {peerPublicValue.Length} bytes, not {expected}");
        }
    }

    public override string ToString() => Method.ToString();
}
