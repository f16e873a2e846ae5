namespace SwanShell.Engine.Ike;

/// <summary>Transform Type 4 IDs (IANA "Transform Type 4 - Key Exchange Method Transform IDs"), also used by ADDKE1..7.</summary>
public enum KeyExchangeTransformId : ushort
{
    NONE = 0,
    MODP_1024 = 2,
    MODP_1536 = 5,
    MODP_2048 = 14,
    MODP_3072 = 15,
    MODP_4096 = 16,
    MODP_6144 = 17,
    MODP_8192 = 18,
    ECP_256 = 19,
    ECP_384 = 20,
    ECP_521 = 21,
    CURVE25519 = 31,
    CURVE448 = 32,
    /// <summary>draft-ietf-ipsecme-ikev2-mlkem</summary>
    ML_KEM_512 = 35,
    ML_KEM_768 = 36,
    ML_KEM_1024 = 37,
}
