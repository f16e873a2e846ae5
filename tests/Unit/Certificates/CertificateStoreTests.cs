using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;

namespace SwanShell.UnitTests.Certificates;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    private CertificateStore NewStore()
    {
        var store = new CertificateStore(_pki.StorePath);
        store.Initialize(force: false);
        return store;
    }

    [Fact]
    public void Initialize_CreatesPrivateDirectoriesAndMarker()
    {
        var store = NewStore();

        Assert.True(store.Exists);
        Assert.Equal(CertificateStore.PrivateDirectoryMode, File.GetUnixFileMode(store.Path));
        Assert.Equal(CertificateStore.PrivateDirectoryMode, File.GetUnixFileMode(store.PrivateKeyDirectory));
        Assert.True(Directory.Exists(store.CertificateDirectory));
        Assert.Empty(store.List());
    }

    [Fact]
    public void Initialize_OverAnExistingStore_IsRefusedWithoutForce_AndKeepsItsCertificates()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");
        store.Add("west", west, null, replace: false);

        var error = Assert.Throws<CertificateStoreException>(() => new CertificateStore(_pki.StorePath).Initialize(force: false));

        Assert.Equal(CertificateStoreError.StoreExists, error.Error);
        Assert.Single(store.List());
    }

    [Fact]
    public void Initialize_IntoANonEmptyDirectory_IsRefusedWithoutForce()
    {
        Directory.CreateDirectory(_pki.StorePath);
        File.WriteAllText(Path.Combine(_pki.StorePath, "cert9.db"), "someone else's");

        var error = Assert.Throws<CertificateStoreException>(() => new CertificateStore(_pki.StorePath).Initialize(force: false));

        Assert.Equal(CertificateStoreError.StoreExists, error.Error);
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_WithForce_EmptiesTheStore_ButLeavesOtherFiles()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");
        store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        var foreign = Path.Combine(store.Path, "notes.txt");
        File.WriteAllText(foreign, "keep me");

        Assert.Contains(store.InitializePlan(force: true), step => step.Contains("1 certificate(s), 1 private key(s)", StringComparison.Ordinal));
        store.Initialize(force: true);

        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(store.PrivateKeyDirectory));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void Add_WithKey_WritesPemCertificateAndPkcs8KeyReadableOnlyByOwner()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");

        var stored = store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);

        Assert.True(stored.HasPrivateKey);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(stored.Path), StringComparison.Ordinal);
        var keyPath = store.PrivateKeyPath("west");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(store.PrivateKeyDirectory, "*.tmp"));
    }

    [Fact]
    public void List_DescribesTheCertificate()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west", rsa: true);
        store.Add("west", X509CertificateLoader.LoadCertificate(west.RawData), null, replace: false);
        store.Add("ca", _pki.Ca, null, replace: false);

        var listed = store.List();

        Assert.Equal(["ca", "west"], listed.Select(c => c.Name));
        var certificate = listed[1];
        Assert.Equal("CN=west", certificate.Subject);
        Assert.Equal(_pki.Ca.Subject, certificate.Issuer);
        Assert.Equal(west.Thumbprint, certificate.Thumbprint);
        Assert.Equal(west.SerialNumber, certificate.SerialNumber);
        Assert.Equal("RSA 2048", certificate.KeyAlgorithm);
        Assert.Equal(["DNS:west.example", "IP:192.0.2.1"], certificate.SubjectAlternativeNames);
        Assert.False(certificate.IsCertificateAuthority);
        Assert.False(certificate.HasPrivateKey);
        Assert.True(listed[0].IsCertificateAuthority);
        Assert.Equal("ECDSA P-256", listed[0].KeyAlgorithm);
    }

    [Fact]
    public void Add_ADifferentCertificateUnderATakenName_IsRefusedUnlessReplacing()
    {
        var store = NewStore();
        using var first = _pki.CreateEndEntity("west");
        using var second = _pki.CreateEndEntity("west");
        store.Add("west", first, first.GetECDsaPrivateKey(), replace: false);

        var error = Assert.Throws<CertificateStoreException>(() => store.Add("west", second, null, replace: false));
        Assert.Equal(CertificateStoreError.CertificateNameInUse, error.Error);

        var replaced = store.Add("west", second, null, replace: true);
        Assert.Equal(second.Thumbprint, replaced.Thumbprint);
        Assert.False(replaced.HasPrivateKey);
    }

    [Fact]
    public void Add_AKeyOfAnotherCertificate_IsRefused()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");
        using var east = _pki.CreateEndEntity("east");

        var error = Assert.Throws<CertificateStoreException>(() => store.Add("west", west, east.GetECDsaPrivateKey(), replace: false));

        Assert.Equal(CertificateStoreError.KeyWithoutCertificate, error.Error);
        Assert.Empty(store.List());
    }

    [Theory]
    [InlineData("west")]
    [InlineData("Libreswan test CA for mainca - Libreswan")]
    [InlineData("../../etc/passwd")]
    [InlineData(".hidden")]
    [InlineData("naïve/ü")]
    public void Names_RoundTripThroughFileNames_AndStayInTheStore(string name)
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");

        var stored = store.Add(name, west, west.GetECDsaPrivateKey(), replace: false);

        Assert.Equal(name, Assert.Single(store.List()).Name);
        Assert.Equal(store.CertificateDirectory, Path.GetDirectoryName(stored.Path));
        Assert.Equal(store.PrivateKeyDirectory, Path.GetDirectoryName(store.PrivateKeyPath(name)));
        Assert.False(Path.GetFileName(stored.Path).StartsWith('.'));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" west")]
    [InlineData("west\n")]
    public void Add_UnderAnUnusableName_IsRefused(string name)
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");

        var error = Assert.Throws<CertificateStoreException>(() => store.Add(name, west, null, replace: false));

        Assert.Equal(CertificateStoreError.InvalidCertificateName, error.Error);
    }

    [Fact]
    public void Remove_DeletesCertificateKeyAndTrust()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west");
        store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        store.Add("ca", _pki.Ca, null, replace: false);
        store.SetTrusted("ca", true);

        store.Remove("west");
        store.Remove("ca");

        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFiles(store.PrivateKeyDirectory));
        Assert.Empty(store.ReadTrust());
    }

    [Fact]
    public void Trust_FollowsTheCertificate_NotTheName()
    {
        var store = NewStore();
        using var other = TestPki.CreateCa("Other CA");
        store.Add("mainca", _pki.Ca, null, replace: false);
        store.Add("mainca-again", _pki.Ca, null, replace: false);
        store.SetTrusted("mainca", true);

        Assert.True(store.Find("mainca-again")!.Trusted);
        store.Remove("mainca-again");
        Assert.True(store.Find("mainca")!.Trusted);

        store.Add("mainca", other, null, replace: true);
        Assert.False(store.Find("mainca")!.Trusted);
        Assert.Empty(store.ReadTrust());
    }

    [Fact]
    public void Remove_OfAnUnknownName_IsCertificateNotFound()
    {
        var error = Assert.Throws<CertificateStoreException>(() => NewStore().Remove("nobody"));

        Assert.Equal(CertificateStoreError.CertificateNotFound, error.Error);
    }

    [Fact]
    public void List_OfAMissingStore_IsStoreNotFound()
    {
        var error = Assert.Throws<CertificateStoreException>(() => new CertificateStore(_pki.StorePath).List());

        Assert.Equal(CertificateStoreError.StoreNotFound, error.Error);
        Assert.Contains("Initialize-IpsecCertificateStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithPrivateKey_GivesACertificateThatSigns_AsLeftcertNeeds()
    {
        var store = NewStore();
        using var west = _pki.CreateEndEntity("west", rsa: true);
        store.Add("west", west, west.GetRSAPrivateKey(), replace: false);

        using var loaded = store.Load("west", withPrivateKey: true);

        using var key = loaded.GetRSAPrivateKey()!;
        var signature = key.SignData("AUTH"u8.ToArray(), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pss);
        using var publicKey = west.GetRSAPublicKey()!;
        Assert.True(publicKey.VerifyData("AUTH"u8.ToArray(), signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pss));
    }

    [Fact]
    public void Load_WithPrivateKey_OfACertificateWithoutOne_IsPrivateKeyNotFound()
    {
        var store = NewStore();
        store.Add("mainca", _pki.Ca, null, replace: false);

        Assert.Equal(_pki.Ca.Thumbprint, store.Load("mainca", withPrivateKey: false).Thumbprint);
        var error = Assert.Throws<CertificateStoreException>(() => store.Load("mainca", withPrivateKey: true));
        Assert.Equal(CertificateStoreError.PrivateKeyNotFound, error.Error);
    }

    [Fact]
    public void TrustedAuthorities_AreTheTrustedCertificatesOnly()
    {
        var store = NewStore();
        using var other = TestPki.CreateCa("Other CA");
        store.Add("mainca", _pki.Ca, null, replace: false);
        store.Add("otherca", other, null, replace: false);
        store.SetTrusted("mainca", true);

        var trusted = store.TrustedAuthorities();

        Assert.Equal([_pki.Ca.Thumbprint], trusted.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Resolve_PrefersThePathGiven_ThenTheEnvironment_ThenTheDefault()
    {
        var saved = Environment.GetEnvironmentVariable(CertificateStore.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(CertificateStore.PathVariable, "/tmp/from-env");
            Assert.Equal("/tmp/given", CertificateStore.Resolve("/tmp/given").Path);
            Assert.Equal("/tmp/from-env", CertificateStore.Resolve(null).Path);
            Environment.SetEnvironmentVariable(CertificateStore.PathVariable, null);
            Assert.Equal(CertificateStore.DefaultPath, CertificateStore.Resolve(null).Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CertificateStore.PathVariable, saved);
        }
    }
}
