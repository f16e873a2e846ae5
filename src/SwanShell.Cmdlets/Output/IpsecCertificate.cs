using SwanShell.Engine.Certificates;

namespace SwanShell;

/// <summary>
/// A certificate in SwanShell's store, by its name (the <c>leftcert=</c> value, NSS's "nickname"). Only facts about the
/// certificate: whether a private key is held is a flag, the key itself never leaves its file.
/// </summary>
public sealed class IpsecCertificate
{
    internal IpsecCertificate(StoredCertificate certificate, string storePath)
    {
        Name = certificate.Name;
        Subject = certificate.Subject;
        Issuer = certificate.Issuer;
        SerialNumber = certificate.SerialNumber;
        NotBefore = certificate.NotBefore;
        NotAfter = certificate.NotAfter;
        Thumbprint = certificate.Thumbprint;
        KeyAlgorithm = certificate.KeyAlgorithm;
        IsCertificateAuthority = certificate.IsCertificateAuthority;
        Trusted = certificate.Trusted;
        HasPrivateKey = certificate.HasPrivateKey;
        SubjectAlternativeName = [.. certificate.SubjectAlternativeNames];
        Path = certificate.Path;
        StorePath = storePath;
    }

    public string Name { get; }

    public string Subject { get; }

    public string Issuer { get; }

    public string SerialNumber { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public string Thumbprint { get; }

    public string KeyAlgorithm { get; }

    public bool IsCertificateAuthority { get; }

    /// <summary>Trusted as a CA to verify peers' certificates (Test-IpsecCertificateStore -SetTrust).</summary>
    public bool Trusted { get; }

    public bool HasPrivateKey { get; }

    public string[] SubjectAlternativeName { get; }

    /// <summary>The certificate's PEM file.</summary>
    public string Path { get; }

    /// <summary>The store holding it, so that piping to Remove-IpsecCertificate reaches the same store.</summary>
    public string StorePath { get; }

    public override string ToString() => Name;
}
