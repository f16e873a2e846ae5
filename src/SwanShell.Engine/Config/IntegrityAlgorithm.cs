namespace SwanShell.Engine.Config;

/// <summary>IKEv2 transform type 3, integrity algorithms, with their IANA numbers.</summary>
public enum IntegrityAlgorithm
{
    None = 0,
    HmacSha1_96 = 2,
    AesXcbc96 = 5,
    AesCmac96 = 8,
    HmacSha2_256_128 = 12,
    HmacSha2_384_192 = 13,
    HmacSha2_512_256 = 14,
}
