using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.UnitTests.Bench;

/// <summary>
/// The certificates of the strongSwan anchor's make_certs, in the files and formats its pki writes (SS_CERT_DIR):
/// ca.pem, resp.pem with resp.key, and c&lt;i&gt;.pem with c&lt;i&gt;.key for each initiator identity, every key of the
/// one type (SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY" PEM), subjects and DNS names as in the load test.
/// </summary>
internal static class AnchorCertificates
{
    public static void Write(string directory, bool rsa, int identities)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = NewKey(rsa);
        var caRequest = Request("CN=ssload smoke CA", caKey);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        foreach (var name in Enumerable.Range(0, identities).Select(i => $"c{i}").Prepend("resp"))
        {
            using var key = NewKey(rsa);
            var request = Request($"CN={name}.ssload.test", key);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName($"{name}.ssload.test");
            request.CertificateExtensions.Add(san.Build());
            var serial = RandomNumberGenerator.GetBytes(8);
            serial[0] &= 0x7f; // a positive serial number
            using var certificate = request.Create(ca, now.AddDays(-1), now.AddYears(10), serial);
            File.WriteAllText(Path.Combine(directory, $"{name}.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, $"{name}.key"), key is RSA r ? r.ExportRSAPrivateKeyPem() : ((ECDsa)key).ExportECPrivateKeyPem());
        }
    }

    private static AsymmetricAlgorithm NewKey(bool rsa) => rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key) => key is RSA rsa
        ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
}
