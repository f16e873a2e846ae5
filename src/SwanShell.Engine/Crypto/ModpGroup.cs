using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// One RFC 3526 MODP group in libcrypto form, made once per process: the prime (from libcrypto's own copy of the RFC's
/// constants), the generator 2, and the Montgomery context every exponentiation modulo this prime reuses. All are only
/// read after construction, which libcrypto allows from any number of threads.
/// </summary>
internal sealed unsafe class ModpGroup
{
    private static readonly Lazy<ModpGroup> Modp2048 = new(() => new ModpGroup(LibCrypto.BnGetRfc3526Prime2048, 225));
    private static readonly Lazy<ModpGroup> Modp3072 = new(() => new ModpGroup(LibCrypto.BnGetRfc3526Prime3072, 275));
    private static readonly Lazy<ModpGroup> Modp4096 = new(() => new ModpGroup(LibCrypto.BnGetRfc3526Prime4096, 325));

    private ModpGroup(Func<BignumHandle, nint> prime, int exponentBits)
    {
        Prime = LibCrypto.Check(LibCrypto.BnNew(), "BN_new");
        if (prime(Prime) == 0)
        {
            throw LibCrypto.Failure("BN_get_rfc3526_prime");
        }

        Length = (LibCrypto.BnNumBits(Prime) + 7) / 8;
        PrimeBytes = new byte[Length];
        fixed (byte* output = PrimeBytes)
        {
            LibCrypto.BnBn2BinPad(Prime, output, Length);
        }

        Generator = LibCrypto.Check(LibCrypto.BnNew(), "BN_new");
        LibCrypto.Check(LibCrypto.BnSetWord(Generator, 2), "BN_set_word");
        Montgomery = LibCrypto.Check(LibCrypto.BnMontCtxNew(), "BN_MONT_CTX_new");
        using var context = LibCrypto.Check(LibCrypto.BnCtxSecureNew(), "BN_CTX_secure_new");
        LibCrypto.Check(LibCrypto.BnMontCtxSet(Montgomery, Prime, context), "BN_MONT_CTX_set");
        ExponentBits = exponentBits;
    }

    public BignumHandle Prime { get; }

    /// <summary>The prime big-endian, for range checks of peers' values without a BIGNUM.</summary>
    public byte[] PrimeBytes { get; }

    /// <summary>Bytes of the prime: the length of public values and of g^ir (RFC 7296 §3.4, §2.14).</summary>
    public int Length { get; }

    public BignumHandle Generator { get; }

    public MontgomeryContextHandle Montgomery { get; }

    /// <summary>
    /// Private exponent length: at least twice the group's security strength, as NIST SP 800-56A asks (112, 128 and
    /// 152 bits, rounded up as BouncyCastle's RFC 3526 parameters did); full-length exponents cost 7-9x more per
    /// exchange for no security gain.
    /// </summary>
    public int ExponentBits { get; }

    public static ModpGroup Of(KeyExchangeTransformId method) => method switch
    {
        KeyExchangeTransformId.MODP_2048 => Modp2048.Value,
        KeyExchangeTransformId.MODP_3072 => Modp3072.Value,
        KeyExchangeTransformId.MODP_4096 => Modp4096.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a supported MODP group"),
    };

    /// <summary>RFC 7296 / RFC 6989 §2.2: a peer's value must lie in 2..p-2 (big-endian, the prime's length).</summary>
    public bool IsInRange(ReadOnlySpan<byte> value)
    {
        // value >= 2: some byte before the last is set, or the last is at least 2.
        var atLeastTwo = value[..^1].ContainsAnyExcept((byte)0) || value[^1] >= 2;

        // value <= p - 2, i.e. value < p - 1: p is odd, so p - 1 differs from p in its last byte only.
        var order = value[..^1].SequenceCompareTo(PrimeBytes.AsSpan(0, Length - 1));
        var belowPMinusOne = order < 0 || (order == 0 && value[^1] < PrimeBytes[^1] - 1);
        return atLeastTwo && belowPMinusOne;
    }
}
