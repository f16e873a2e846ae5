using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// Curve25519 (group 31, RFC 8031): X25519 from RFC 7748, 32-byte public values and secret. BouncyCastle, since
/// .NET 10 has no X25519 (X25519DiffieHellman arrives in .NET 11).
/// </summary>
public sealed class Curve25519KeyExchange : DiffieHellmanKeyExchange
{
    private readonly X25519PrivateKeyParameters _privateKey;

    public Curve25519KeyExchange()
        : this(new X25519PrivateKeyParameters(BouncyCastleRandom.Instance))
    {
    }

    /// <summary>For known-answer tests: a fixed private scalar.</summary>
    internal Curve25519KeyExchange(ReadOnlySpan<byte> privateKey)
        : this(new X25519PrivateKeyParameters(privateKey))
    {
    }

    private Curve25519KeyExchange(X25519PrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicValue = privateKey.GeneratePublicKey().GetEncoded();
    }

    public override KeyExchangeTransformId Method => KeyExchangeTransformId.CURVE25519;

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, X25519PublicKeyParameters.KeySize);
        var agreement = new X25519Agreement();
        agreement.Init(_privateKey);
        var secret = new byte[agreement.AgreementSize];
        try
        {
            agreement.CalculateAgreement(new X25519PublicKeyParameters(peerPublicValue), secret);
        }
        catch (InvalidOperationException)
        {
            // RFC 8031 §2: an all-zero result means a low-order point was sent; the exchange must fail.
            throw IkeProtocolException.InvalidSyntax("the Curve25519 public value is a low-order point");
        }

        return secret;
    }
}
