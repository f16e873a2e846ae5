namespace SwanShell.Engine.Ike;

/// <summary>Transform Type 2 IDs (IANA "Transform Type 2 - Pseudorandom Function Transform IDs").</summary>
public enum PrfTransformId : ushort
{
    PRF_HMAC_MD5 = 1,
    PRF_HMAC_SHA1 = 2,
    PRF_AES128_XCBC = 4,
    PRF_HMAC_SHA2_256 = 5,
    PRF_HMAC_SHA2_384 = 6,
    PRF_HMAC_SHA2_512 = 7,
    PRF_AES128_CMAC = 8,
}
