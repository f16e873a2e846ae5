using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using BcX509 = Org.BouncyCastle.X509;

namespace SwanShell.UnitTests.Certificates;

/// <summary>A small PKI made in the test: a CA, end-entity certificates it signs, and PKCS#12/PEM/DER files of them.</summary>
public sealed class TestPki : IDisposable
{
    public TestPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("swanshell-pki-").FullName;
        StorePath = Path.Combine(Directory, "store");
        Ca = CreateCa("SwanShell Test CA");
    }

    /// <summary>A scratch directory for files; removed on dispose.</summary>
    public string Directory { get; }

    /// <summary>Where tests put their store (not created).</summary>
    public string StorePath { get; }

    public X509Certificate2 Ca { get; }

    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=SwanShell Tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>An end-entity certificate signed by the CA, with its private key attached.</summary>
    public X509Certificate2 CreateEndEntity(string commonName, bool rsa = false, DateTimeOffset? notAfter = null)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest($"CN={commonName}", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={commonName}", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName($"{commonName}.example");
        san.AddIpAddress(System.Net.IPAddress.Parse("192.0.2.1"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7f;
        var end = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        var start = end.AddDays(-30) < DateTimeOffset.UtcNow.AddDays(-1) ? end.AddDays(-30) : DateTimeOffset.UtcNow.AddDays(-1);
        using var caKey = Ca.GetECDsaPrivateKey()!;
        using var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), start, end, serial);
        return rsa ? certificate.CopyWithPrivateKey((RSA)key) : certificate.CopyWithPrivateKey((ECDsa)key);
    }

    /// <summary>A PKCS#12 file as .NET writes it (no friendlyName): the certificate with its key, and the CA.</summary>
    public string WritePkcs12(string fileName, X509Certificate2 withKey, string password)
    {
        var collection = new X509Certificate2Collection { withKey, X509CertificateLoader.LoadCertificate(Ca.RawData) };
        var path = Path.Combine(Directory, fileName);
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, password)!);
        return path;
    }

    /// <summary>A PKCS#12 file as NSS's pk12util and OpenSSL write it: friendlyName attributes naming the key's certificate and the CA.</summary>
    public string WriteNamedPkcs12(string fileName, X509Certificate2 withKey, string alias, string caAlias, string password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        var leaf = new BcX509.X509CertificateParser().ReadCertificate(withKey.RawData);
        var ca = new BcX509.X509CertificateParser().ReadCertificate(Ca.RawData);
        using var key = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()!;
        var privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        store.SetCertificateEntry(caAlias, new X509CertificateEntry(ca));
        store.SetKeyEntry(alias, new AsymmetricKeyEntry(privateKey), [new X509CertificateEntry(leaf), new X509CertificateEntry(ca)]);
        var path = Path.Combine(Directory, fileName);
        using (var file = File.Create(path))
        {
            store.Save(file, password.ToCharArray(), new SecureRandom());
        }

        return path;
    }

    public string WriteText(string fileName, string text)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string fileName, byte[] bytes)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The base64 of a key's PKCS#8 encoding: what must never appear in any output.</summary>
    public static string KeyBase64(X509Certificate2 withKey)
    {
        using var key = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()!;
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    public static string KeyPem(X509Certificate2 withKey)
    {
        using var key = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose()
    {
        Ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
