using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>PRF_HMAC_SHA2_256/384/512 (RFC 4868 §2.1): HMAC with the full, untruncated output.</summary>
public sealed class HmacSha2Prf : IPseudorandomFunction
{
    public static readonly HmacSha2Prf Sha256 = new(PrfTransformId.PRF_HMAC_SHA2_256, HashAlgorithmName.SHA256, 32);
    public static readonly HmacSha2Prf Sha384 = new(PrfTransformId.PRF_HMAC_SHA2_384, HashAlgorithmName.SHA384, 48);
    public static readonly HmacSha2Prf Sha512 = new(PrfTransformId.PRF_HMAC_SHA2_512, HashAlgorithmName.SHA512, 64);

    private readonly HashAlgorithmName _hash;

    private HmacSha2Prf(PrfTransformId id, HashAlgorithmName hash, int outputLength)
    {
        Id = id;
        _hash = hash;
        OutputLength = outputLength;
    }

    public PrfTransformId Id { get; }

    public int OutputLength { get; }

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        CryptographicOperations.HmacData(_hash, key, data, destination);

    public override string ToString() => Id.ToString();
}
