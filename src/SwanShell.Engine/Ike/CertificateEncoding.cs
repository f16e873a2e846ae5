namespace SwanShell.Engine.Ike;

/// <summary>Cert Encoding of the CERT and CERTREQ payloads (RFC 7296 §3.6).</summary>
public enum CertificateEncoding : byte
{
    PKCS7_WRAPPED_X509 = 1,
    PGP = 2,
    DNS_SIGNED_KEY = 3,
    X509_CERTIFICATE_SIGNATURE = 4,
    KERBEROS_TOKEN = 6,
    CERTIFICATE_REVOCATION_LIST = 7,
    AUTHORITY_REVOCATION_LIST = 8,
    SPKI = 9,
    X509_CERTIFICATE_ATTRIBUTE = 10,
    RAW_RSA_KEY = 11,
    HASH_AND_URL_X509_CERTIFICATE = 12,
    HASH_AND_URL_X509_BUNDLE = 13,
    RAW_PUBLIC_KEY = 15,
}
