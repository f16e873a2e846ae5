using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// MODP groups 14/15/16 (RFC 3526). Public values and g^ir are big-endian and zero-padded to the length of the
/// prime (RFC 7296 §3.4, §2.14); the peer's value must lie in 2..p-2 and in the prime-order subgroup (RFC 6989).
/// BouncyCastle for now, behind this class so a libcrypto path can replace it.
/// Private exponents are short (BouncyCastle's RFC 3526 parameters: 225, 275 and 325 bits), at least twice the
/// security strength as NIST SP 800-56A asks; full-length exponents cost 7-9x more per exchange for no security gain.
/// </summary>
public sealed class ModpKeyExchange : DiffieHellmanKeyExchange
{
    private readonly DHPrivateKeyParameters _privateKey;
    private readonly int _primeLength;

    public ModpKeyExchange(KeyExchangeTransformId method)
    {
        var group = method switch
        {
            KeyExchangeTransformId.MODP_2048 => DHStandardGroups.rfc3526_2048,
            KeyExchangeTransformId.MODP_3072 => DHStandardGroups.rfc3526_3072,
            KeyExchangeTransformId.MODP_4096 => DHStandardGroups.rfc3526_4096,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a supported MODP group"),
        };
        Method = method;
        _primeLength = (group.P.BitLength + 7) / 8;
        var generator = new DHKeyPairGenerator();
        generator.Init(new DHKeyGenerationParameters(BouncyCastleRandom.Instance, group));
        var pair = generator.GenerateKeyPair();
        _privateKey = (DHPrivateKeyParameters)pair.Private;
        PublicValue = ToFixedLength(((DHPublicKeyParameters)pair.Public).Y);
    }

    public override KeyExchangeTransformId Method { get; }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, _primeLength);
        DHPublicKeyParameters peer;
        try
        {
            peer = new DHPublicKeyParameters(new BigInteger(1, peerPublicValue), _privateKey.Parameters);
        }
        catch (ArgumentException e)
        {
            throw new IkeProtocolException($"the {Method} public value is out of range or not in the subgroup", e);
        }

        var agreement = new DHBasicAgreement();
        agreement.Init(_privateKey);
        return ToFixedLength(agreement.CalculateAgreement(peer));
    }

    private byte[] ToFixedLength(BigInteger value)
    {
        var bytes = new byte[_primeLength];
        value.ToByteArrayUnsigned(bytes);
        return bytes;
    }
}
