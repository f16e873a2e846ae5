using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>Curve448 (group 32, RFC 8031): X448 from RFC 7748, 56-byte public values and secret. BouncyCastle.</summary>
public sealed class Curve448KeyExchange : DiffieHellmanKeyExchange
{
    private readonly X448PrivateKeyParameters _privateKey;

    public Curve448KeyExchange()
        : this(new X448PrivateKeyParameters(BouncyCastleRandom.Instance))
    {
    }

    /// <summary>For known-answer tests: a fixed private scalar.</summary>
    internal Curve448KeyExchange(ReadOnlySpan<byte> privateKey)
        : this(new X448PrivateKeyParameters(privateKey))
    {
    }

    private Curve448KeyExchange(X448PrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicValue = privateKey.GeneratePublicKey().GetEncoded();
    }

    public override KeyExchangeTransformId Method => KeyExchangeTransformId.CURVE448;

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, X448PublicKeyParameters.KeySize);
        var agreement = new X448Agreement();
        agreement.Init(_privateKey);
        var secret = new byte[agreement.AgreementSize];
        try
        {
            agreement.CalculateAgreement(new X448PublicKeyParameters(peerPublicValue), secret);
        }
        catch (InvalidOperationException)
        {
            throw IkeProtocolException.InvalidSyntax("the Curve448 public value is a low-order point");
        }

        return secret;
    }
}
