namespace SwanShell.Engine.Certificates;

/// <summary>Why a certificate store operation failed; the names are the cmdlets' stable error ids.</summary>
public enum CertificateStoreError
{
    StoreExists,
    StoreNotFound,
    InvalidCertificateName,
    CertificateNameInUse,
    CertificateNotFound,
    InvalidCertificateFile,
    WrongPassword,
    KeyWithoutCertificate,
    PrivateKeyNotFound,
    UnsupportedKeyAlgorithm,
}
