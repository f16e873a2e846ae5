using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// AUTH_HMAC_SHA2_256_128/384_192/512_256 (RFC 4868 §2.2): HMAC keyed with a key as long as the hash output,
/// truncated to half of it.
/// </summary>
public sealed class HmacSha2Integrity : IIntegrityAlgorithm
{
    public static readonly HmacSha2Integrity Sha256_128 = new(IntegrityTransformId.AUTH_HMAC_SHA2_256_128, HashAlgorithmName.SHA256, 32);
    public static readonly HmacSha2Integrity Sha384_192 = new(IntegrityTransformId.AUTH_HMAC_SHA2_384_192, HashAlgorithmName.SHA384, 48);
    public static readonly HmacSha2Integrity Sha512_256 = new(IntegrityTransformId.AUTH_HMAC_SHA2_512_256, HashAlgorithmName.SHA512, 64);

    private readonly HashAlgorithmName _hash;

    private HmacSha2Integrity(IntegrityTransformId id, HashAlgorithmName hash, int hashLength)
    {
        Id = id;
        _hash = hash;
        KeyLength = hashLength;
        IcvLength = hashLength / 2;
    }

    public IntegrityTransformId Id { get; }

    public int KeyLength { get; }

    public int IcvLength { get; }

    public void ComputeIcv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> icv)
    {
        Span<byte> mac = stackalloc byte[KeyLength];
        CryptographicOperations.HmacData(_hash, key, data, mac);
        mac[..IcvLength].CopyTo(icv);
    }

    public bool VerifyIcv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        Span<byte> mac = stackalloc byte[KeyLength];
        CryptographicOperations.HmacData(_hash, key, data, mac);
        return icv.Length == IcvLength && CryptographicOperations.FixedTimeEquals(mac[..IcvLength], icv);
    }

    public override string ToString() => Id.ToString();
}
