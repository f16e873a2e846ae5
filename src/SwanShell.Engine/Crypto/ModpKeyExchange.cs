using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// MODP groups 14/15/16 (RFC 3526), with libcrypto's constant-time Montgomery exponentiation. Public values and g^ir
/// are big-endian and zero-padded to the length of the prime (RFC 7296 §3.4, §2.14); the peer's value must lie in
/// 2..p-2. The RFC 3526 primes are safe primes, whose only small subgroup is {1, p-1}, so that range check is all
/// RFC 6989 §2.2 asks: the test against the prime-order subgroup (y^q = 1) is a full-length modular exponentiation,
/// about as costly as the rest of the exchange together, and with a fresh exponent per exchange a value outside it
/// reveals nothing that is used again. (That test is why libcrypto's own DH derive is not used.)
/// The private exponent lives in a secure BIGNUM, cleared when it is freed.
/// </summary>
public sealed unsafe class ModpKeyExchange : DiffieHellmanKeyExchange
{
    private readonly ModpGroup _group;
    private readonly BignumHandle _privateExponent;

    public ModpKeyExchange(KeyExchangeTransformId method)
        : this(method, privateExponent: default)
    {
    }

    /// <summary>For known-answer tests: a fixed private exponent, big-endian.</summary>
    internal ModpKeyExchange(KeyExchangeTransformId method, ReadOnlySpan<byte> privateExponent)
    {
        _group = ModpGroup.Of(method);
        Method = method;
        _privateExponent = LibCrypto.Check(LibCrypto.BnSecureNew(), "BN_secure_new");
        if (privateExponent.IsEmpty)
        {
            // An L-bit exponent with its top bit set (BN_RAND_TOP_ONE = 0, BN_RAND_BOTTOM_ANY = 0).
            LibCrypto.Check(LibCrypto.BnPrivRand(_privateExponent, _group.ExponentBits, 0, 0), "BN_priv_rand");
        }
        else
        {
            fixed (byte* exponent = privateExponent)
            {
                if (LibCrypto.BnBin2Bn(exponent, privateExponent.Length, _privateExponent) == 0)
                {
                    throw LibCrypto.Failure("BN_bin2bn");
                }
            }
        }

        PublicValue = Power(_group.Generator);
    }

    public override KeyExchangeTransformId Method { get; }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, _group.Length);
        if (!_group.IsInRange(peerPublicValue))
        {
            throw IkeProtocolException.InvalidSyntax($"the {Method} public value is outside 2..p-2");
        }

        using var peer = LibCrypto.Check(LibCrypto.BnNew(), "BN_new");
        fixed (byte* value = peerPublicValue)
        {
            if (LibCrypto.BnBin2Bn(value, peerPublicValue.Length, peer) == 0)
            {
                throw LibCrypto.Failure("BN_bin2bn");
            }
        }

        return Power(peer);
    }

    protected override void Dispose(bool disposing)
    {
        _privateExponent.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>baseValue ^ x mod p, big-endian at the prime's length.</summary>
    private byte[] Power(BignumHandle baseValue)
    {
        using var result = LibCrypto.Check(LibCrypto.BnSecureNew(), "BN_secure_new");
        using (var context = LibCrypto.Check(LibCrypto.BnCtxSecureNew(), "BN_CTX_secure_new"))
        {
            LibCrypto.Check(
                LibCrypto.BnModExpMontConsttime(result, baseValue, _privateExponent, _group.Prime, context, _group.Montgomery),
                "BN_mod_exp_mont_consttime");
        }

        var output = new byte[_group.Length];
        fixed (byte* bytes = output)
        {
            if (LibCrypto.BnBn2BinPad(result, bytes, output.Length) != output.Length)
            {
                throw LibCrypto.Failure("BN_bn2binpad");
            }
        }

        return output;
    }
}
