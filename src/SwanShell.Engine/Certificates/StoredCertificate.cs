using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>What the store knows about one certificate: its X.509 facts, whether its private key is held, whether it is trusted.</summary>
public sealed record StoredCertificate
{
    public required string Name { get; init; }

    public required string Subject { get; init; }

    public required string Issuer { get; init; }

    public required string SerialNumber { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>SHA-1 of the DER, upper-case hex: what PowerShell's certificate provider calls the thumbprint.</summary>
    public required string Thumbprint { get; init; }

    /// <summary>"RSA 3072", "ECDSA P-256", …</summary>
    public required string KeyAlgorithm { get; init; }

    /// <summary>basicConstraints says CA.</summary>
    public required bool IsCertificateAuthority { get; init; }

    /// <summary>DNS names and IP addresses of the subject alternative name, as "DNS:…" and "IP:…".</summary>
    public required IReadOnlyList<string> SubjectAlternativeNames { get; init; }

    public required bool HasPrivateKey { get; init; }

    public required bool Trusted { get; init; }

    /// <summary>The PEM file holding the certificate.</summary>
    public required string Path { get; init; }

    internal static StoredCertificate From(string name, X509Certificate2 certificate, string path, bool hasPrivateKey, bool trusted) => new()
    {
        Name = name,
        Subject = certificate.Subject,
        Issuer = certificate.Issuer,
        SerialNumber = certificate.SerialNumber,
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        Thumbprint = certificate.Thumbprint,
        KeyAlgorithm = DescribeKey(certificate),
        IsCertificateAuthority = IsAuthority(certificate),
        SubjectAlternativeNames = AlternativeNames(certificate),
        HasPrivateKey = hasPrivateKey,
        Trusted = trusted,
        Path = path,
    };

    internal static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);

    private static string DescribeKey(X509Certificate2 certificate)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return $"RSA {rsa.KeySize}";
            }
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            var curve = ecdsa.ExportParameters(false).Curve;
            return $"ECDSA {CurveName(curve)}";
        }

        return certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }

    private static string CurveName(ECCurve curve) => curve.Oid.Value switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        _ => curve.Oid.FriendlyName ?? curve.Oid.Value ?? "unknown curve",
    };

    private static string[] AlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(san.EnumerateDnsNames().Select(n => $"DNS:{n}"));
            names.AddRange(san.EnumerateIPAddresses().Select(a => $"IP:{a}"));
        }

        return [.. names];
    }
}
