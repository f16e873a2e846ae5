namespace SwanShell.Engine.Ike;

/// <summary>Transform Type 3 IDs (IANA "Transform Type 3 - Integrity Algorithm Transform IDs").</summary>
public enum IntegrityTransformId : ushort
{
    NONE = 0,
    AUTH_HMAC_MD5_96 = 1,
    AUTH_HMAC_SHA1_96 = 2,
    AUTH_AES_XCBC_96 = 5,
    AUTH_AES_CMAC_96 = 8,
    AUTH_AES_128_GMAC = 9,
    AUTH_AES_256_GMAC = 11,
    AUTH_HMAC_SHA2_256_128 = 12,
    AUTH_HMAC_SHA2_384_192 = 13,
    AUTH_HMAC_SHA2_512_256 = 14,
}
