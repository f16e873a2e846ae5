using System.Diagnostics.CodeAnalysis;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>Maps IANA transform IDs (and key lengths) to the algorithms we implement.</summary>
public static class AlgorithmRegistry
{
    public static bool TryGetEncryption(EncryptionTransformId id, int keyLengthBits, [NotNullWhen(true)] out IEncryptionAlgorithm? algorithm)
    {
        algorithm = (id, keyLengthBits) switch
        {
            (EncryptionTransformId.ENCR_AES_GCM_16, 128) => AesGcm16Encryption.Aes128,
            (EncryptionTransformId.ENCR_AES_GCM_16, 192) => AesGcm16Encryption.Aes192,
            (EncryptionTransformId.ENCR_AES_GCM_16, 256) => AesGcm16Encryption.Aes256,
            (EncryptionTransformId.ENCR_AES_CBC, 128) => AesCbcEncryption.Aes128,
            (EncryptionTransformId.ENCR_AES_CBC, 192) => AesCbcEncryption.Aes192,
            (EncryptionTransformId.ENCR_AES_CBC, 256) => AesCbcEncryption.Aes256,
            (EncryptionTransformId.ENCR_CHACHA20_POLY1305, 0) => ChaCha20Poly1305Encryption.Instance,
            _ => null,
        };
        return algorithm is not null;
    }

    public static bool TryGetPrf(PrfTransformId id, [NotNullWhen(true)] out IPseudorandomFunction? prf)
    {
        prf = id switch
        {
            PrfTransformId.PRF_HMAC_SHA2_256 => HmacSha2Prf.Sha256,
            PrfTransformId.PRF_HMAC_SHA2_384 => HmacSha2Prf.Sha384,
            PrfTransformId.PRF_HMAC_SHA2_512 => HmacSha2Prf.Sha512,
            _ => null,
        };
        return prf is not null;
    }

    public static bool TryGetIntegrity(IntegrityTransformId id, [NotNullWhen(true)] out IIntegrityAlgorithm? integrity)
    {
        integrity = id switch
        {
            IntegrityTransformId.AUTH_HMAC_SHA2_256_128 => HmacSha2Integrity.Sha256_128,
            IntegrityTransformId.AUTH_HMAC_SHA2_384_192 => HmacSha2Integrity.Sha384_192,
            IntegrityTransformId.AUTH_HMAC_SHA2_512_256 => HmacSha2Integrity.Sha512_256,
            _ => null,
        };
        return integrity is not null;
    }

    public static bool IsSupported(KeyExchangeTransformId method) => method is
        KeyExchangeTransformId.MODP_2048 or KeyExchangeTransformId.MODP_3072 or KeyExchangeTransformId.MODP_4096 or
        KeyExchangeTransformId.ECP_256 or KeyExchangeTransformId.ECP_384 or KeyExchangeTransformId.ECP_521 or
        KeyExchangeTransformId.CURVE25519 or KeyExchangeTransformId.CURVE448 or
        KeyExchangeTransformId.ML_KEM_768 or KeyExchangeTransformId.ML_KEM_1024;

    /// <summary>A fresh exchange (with a new private key) for one negotiation.</summary>
    public static IKeyExchange CreateKeyExchange(KeyExchangeTransformId method) => method switch
    {
        KeyExchangeTransformId.MODP_2048 or KeyExchangeTransformId.MODP_3072 or KeyExchangeTransformId.MODP_4096 => new ModpKeyExchange(method),
        KeyExchangeTransformId.ECP_256 or KeyExchangeTransformId.ECP_384 or KeyExchangeTransformId.ECP_521 => new EcpKeyExchange(method),
        KeyExchangeTransformId.CURVE25519 => new Curve25519KeyExchange(),
        KeyExchangeTransformId.CURVE448 => new Curve448KeyExchange(),
        KeyExchangeTransformId.ML_KEM_768 or KeyExchangeTransformId.ML_KEM_1024 => new MlKemKeyExchange(method),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unsupported key exchange method"),
    };
}
