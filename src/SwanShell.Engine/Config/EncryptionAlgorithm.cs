namespace SwanShell.Engine.Config;

/// <summary>IKEv2 transform type 1, encryption algorithms, with their IANA numbers (RFC 7296 §3.3.2 and later RFCs).</summary>
public enum EncryptionAlgorithm
{
    Des3 = 3,
    Null = 11,
    AesCbc = 12,
    AesCtr = 13,
    AesCcm8 = 14,
    AesCcm12 = 15,
    AesCcm16 = 16,
    AesGcm8 = 18,
    AesGcm12 = 19,
    AesGcm16 = 20,
    NullAuthAesGmac = 21,
    CamelliaCbc = 23,
    ChaCha20Poly1305 = 28,
}
