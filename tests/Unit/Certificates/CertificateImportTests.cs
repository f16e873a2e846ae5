using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;

namespace SwanShell.UnitTests.Certificates;

public sealed class CertificateImportTests : IDisposable
{
    private const string Password = "import-pw-6e1f";

    private readonly TestPki _pki = new();
    private readonly CertificateStore _store;

    public CertificateImportTests()
    {
        _store = new CertificateStore(_pki.StorePath);
        _store.Initialize(force: false);
    }

    public void Dispose() => _pki.Dispose();

    private IReadOnlyList<StoredCertificate> Import(string path, string password = "", string? name = null)
    {
        using var bundle = CertificateFileReader.Read(path, password);
        var items = CertificateImport.Plan(_store, bundle, name);
        foreach (var item in items.Where(i => !i.AlreadyPresent))
        {
            _store.Add(item.Name, item.Certificate, item.PrivateKey, replace: false);
        }

        return _store.List();
    }

    [Fact]
    public void Pkcs12_StoresTheKeysCertificateWithItsKey_AndTheChain_UnderTheirCommonNames()
    {
        using var west = _pki.CreateEndEntity("west", rsa: true);

        var stored = Import(_pki.WritePkcs12("west.p12", west, Password), Password);

        Assert.Equal(["SwanShell Test CA", "west"], stored.Select(c => c.Name));
        Assert.Equal([false, true], stored.Select(c => c.HasPrivateKey));
        Assert.Equal(west.Thumbprint, stored[1].Thumbprint);
        Assert.True(KeyMatchesStoredKey(west, _store.PrivateKeyPath("west")));
    }

    [Fact]
    public void Pkcs12_FriendlyNames_BecomeTheNames_AsPk12utilNicknames()
    {
        using var west = _pki.CreateEndEntity("west");

        var stored = Import(_pki.WriteNamedPkcs12("west.p12", west, "west-gw", "mainca", Password), Password);

        Assert.Equal(["mainca", "west-gw"], stored.Select(c => c.Name));
        Assert.True(stored.Single(c => c.Name == "west-gw").HasPrivateKey);
    }

    [Fact]
    public void Pkcs12_WithName_NamesTheCertificateThatHasTheKey()
    {
        using var west = _pki.CreateEndEntity("west");

        var stored = Import(_pki.WritePkcs12("west.p12", west, Password), Password, name: "leftcert-name");

        Assert.Equal(["SwanShell Test CA", "leftcert-name"], stored.Select(c => c.Name));
    }

    [Fact]
    public void Pkcs12_WithAWrongPassword_IsWrongPassword_AndDoesNotShowThePassword()
    {
        using var west = _pki.CreateEndEntity("west");
        var path = _pki.WritePkcs12("west.p12", west, Password);

        var error = Assert.Throws<CertificateStoreException>(() => CertificateFileReader.Read(path, "wrong-pw-93a7"));

        Assert.Equal(CertificateStoreError.WrongPassword, error.Error);
        Assert.DoesNotContain("wrong-pw-93a7", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void ImportingTheSameFileTwice_ChangesNothing()
    {
        using var west = _pki.CreateEndEntity("west");
        var path = _pki.WritePkcs12("west.p12", west, Password);
        Import(path, Password);

        using var bundle = CertificateFileReader.Read(path, Password);
        var again = CertificateImport.Plan(_store, bundle, null);

        Assert.All(again, item => Assert.True(item.AlreadyPresent, item.Name));
    }

    [Fact]
    public void Pem_WithCertificateAndKey_StoresThemTogether()
    {
        using var east = _pki.CreateEndEntity("east");
        var path = _pki.WriteText("east.pem", east.ExportCertificatePem() + "\n" + TestPki.KeyPem(east));

        var stored = Assert.Single(Import(path));

        Assert.Equal("east", stored.Name);
        Assert.True(stored.HasPrivateKey);
    }

    [Fact]
    public void PemKeyAlone_JoinsItsCertificateInTheStore()
    {
        using var east = _pki.CreateEndEntity("east");
        Import(_pki.WriteBytes("east.der", east.RawData));
        Assert.False(Assert.Single(_store.List()).HasPrivateKey);

        var stored = Assert.Single(Import(_pki.WriteText("east.key", TestPki.KeyPem(east))));

        Assert.True(stored.HasPrivateKey);
    }

    [Fact]
    public void PemKeyAlone_WithoutItsCertificate_IsKeyWithoutCertificate()
    {
        using var east = _pki.CreateEndEntity("east");
        using var bundle = CertificateFileReader.Read(_pki.WriteText("east.key", TestPki.KeyPem(east)), []);

        var error = Assert.Throws<CertificateStoreException>(() => CertificateImport.Plan(_store, bundle, null));

        Assert.Equal(CertificateStoreError.KeyWithoutCertificate, error.Error);
    }

    [Fact]
    public void AFileThatIsNoCertificate_IsInvalidCertificateFile()
    {
        var error = Assert.Throws<CertificateStoreException>(() => CertificateFileReader.Read(_pki.WriteText("notes.txt", "hello"), []));

        Assert.Equal(CertificateStoreError.InvalidCertificateFile, error.Error);
    }

    private static bool KeyMatchesStoredKey(X509Certificate2 certificate, string keyPath)
    {
        using var key = System.Security.Cryptography.RSA.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }
}
