using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>Certificates for the tests, valid around the manual clock's start (2026-11-30).</summary>
internal static class TestPki
{
    private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly X509Certificate2 Root = CreateCa("CN=SwanShell Test Root", issuer: null);
    public static readonly X509Certificate2 Intermediate = CreateCa("CN=SwanShell Test Intermediate", Root);
    public static readonly X509Certificate2 Rogue = CreateCa("CN=Someone Else", issuer: null);

    /// <summary>A leaf with a P-384 key, or one on <paramref name="curve"/>.</summary>
    public static X509Certificate2 EcdsaLeaf(string dnsName, X509Certificate2 issuer, DateTimeOffset? notAfter = null, ECCurve? curve = null)
    {
        using var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA384);
        return Issue(request, dnsName, issuer, notAfter).CopyWithPrivateKey(key);
    }

    public static X509Certificate2 RsaLeaf(string dnsName, X509Certificate2 issuer)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Issue(request, dnsName, issuer, notAfter: null).CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Issue(CertificateRequest request, string dnsName, X509Certificate2 issuer, DateTimeOffset? notAfter)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // The CAs have ECDSA keys; an RSA leaf needs the generator overload to be signed by one.
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), NotBefore, notAfter ?? NotAfter.AddDays(-1), RandomNumberGenerator.GetBytes(8));
    }

    private static X509Certificate2 CreateCa(string name, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return issuer is null
            ? request.CreateSelfSigned(NotBefore, NotAfter)
            : request.Create(issuer, NotBefore, NotAfter.AddHours(-1), RandomNumberGenerator.GetBytes(8)).CopyWithPrivateKey(key);
    }
}
