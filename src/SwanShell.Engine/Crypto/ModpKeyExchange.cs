using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// MODP groups 14/15/16 (RFC 3526). Public values and g^ir are big-endian and zero-padded to the length of the
/// prime (RFC 7296 §3.4, §2.14); the peer's value must lie in 2..p-2. The RFC 3526 primes are safe primes, whose only
/// small subgroup is {1, p-1}, so that range check is all RFC 6989 §2.2 asks: the test against the prime-order
/// subgroup (y^q = 1) is a full-length modular exponentiation, about as costly as the rest of the exchange together,
/// and with a fresh exponent per exchange a value outside it reveals nothing that is used again.
/// BouncyCastle for now, behind this class so a libcrypto path can replace it.
/// Private exponents are short (BouncyCastle's RFC 3526 parameters: 225, 275 and 325 bits), at least twice the
/// security strength as NIST SP 800-56A asks; full-length exponents cost 7-9x more per exchange for no security gain.
/// </summary>
public sealed class ModpKeyExchange : DiffieHellmanKeyExchange
{
    private readonly BigInteger _privateExponent;
    private readonly DHParameters _peerGroup;
    private readonly int _primeLength;

    public ModpKeyExchange(KeyExchangeTransformId method)
        : this(method, privateExponent: null)
    {
    }

    /// <summary>For known-answer tests: a fixed private exponent.</summary>
    internal ModpKeyExchange(KeyExchangeTransformId method, BigInteger? privateExponent)
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

        // Without q, BouncyCastle checks the peer's value against 2..p-2 only.
        _peerGroup = new DHParameters(group.P, group.G);

        // An L-bit exponent with its top bit set, as BouncyCastle's key pair generator makes for these groups, but
        // without the generator's test of our own public value against the subgroup: a full-length exponentiation.
        _privateExponent = privateExponent ?? new BigInteger(group.L, BouncyCastleRandom.Instance).SetBit(group.L - 1);
        PublicValue = ToFixedLength(group.G.ModPow(_privateExponent, group.P));
    }

    public override KeyExchangeTransformId Method { get; }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, _primeLength);
        DHPublicKeyParameters peer;
        try
        {
            peer = new DHPublicKeyParameters(new BigInteger(1, peerPublicValue), _peerGroup);
        }
        catch (ArgumentException e)
        {
            throw new IkeProtocolException($"the {Method} public value is out of range or not in the subgroup", e);
        }

        return ToFixedLength(peer.Y.ModPow(_privateExponent, _peerGroup.P));
    }

    /// <summary>Big-endian, zero-padded on the left to the length of the prime.</summary>
    private byte[] ToFixedLength(BigInteger value) => BigIntegers.AsUnsignedByteArray(_primeLength, value);
}
