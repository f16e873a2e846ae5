namespace SwanShell.Engine.Ike;

/// <summary>Transform Type 1 IDs (IANA "Transform Type 1 - Encryption Algorithm Transform IDs").</summary>
public enum EncryptionTransformId : ushort
{
    ENCR_3DES = 3,
    ENCR_NULL = 11,
    ENCR_AES_CBC = 12,
    ENCR_AES_CTR = 13,
    ENCR_AES_CCM_8 = 14,
    ENCR_AES_CCM_12 = 15,
    ENCR_AES_CCM_16 = 16,
    ENCR_AES_GCM_8 = 18,
    ENCR_AES_GCM_12 = 19,
    ENCR_AES_GCM_16 = 20,
    ENCR_NULL_AUTH_AES_GMAC = 21,
    ENCR_CHACHA20_POLY1305 = 28,
}
