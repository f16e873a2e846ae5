namespace SwanShell.Engine.Ike;

/// <summary>Auth Method of the AUTH payload (RFC 7296 §3.8, RFC 4754, RFC 7427, RFC 7619).</summary>
public enum AuthenticationMethod : byte
{
    RSA_DIGITAL_SIGNATURE = 1,
    SHARED_KEY_MESSAGE_INTEGRITY_CODE = 2,
    DSS_DIGITAL_SIGNATURE = 3,
    ECDSA_SHA256_P256 = 9,
    ECDSA_SHA384_P384 = 10,
    ECDSA_SHA512_P521 = 11,
    NULL_AUTHENTICATION = 13,
    DIGITAL_SIGNATURE = 14,
}
