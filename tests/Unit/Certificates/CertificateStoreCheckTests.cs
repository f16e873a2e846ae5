using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;

namespace SwanShell.UnitTests.Certificates;

public sealed class CertificateStoreCheckTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly CertificateStore _store;

    public CertificateStoreCheckTests()
    {
        _store = new CertificateStore(_pki.StorePath);
        _store.Initialize(force: false);
    }

    public void Dispose() => _pki.Dispose();

    private StoreProblemKind[] Problems() => [.. CertificateStoreCheck.Run(_store, DateTimeOffset.UtcNow).Select(p => p.Kind)];

    [Fact]
    public void AFreshStoreWithACertificateAndItsKey_HasNoProblems()
    {
        using var west = _pki.CreateEndEntity("west");
        _store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);

        var report = CertificateStoreCheck.Report(_store, created: false, [], DateTimeOffset.UtcNow);

        Assert.Empty(report.Problems);
        Assert.True(report.IsHealthy);
        Assert.Equal((1, 1, 0), (report.CertificateCount, report.PrivateKeyCount, report.TrustedCount));
    }

    [Fact]
    public void AMissingStore_IsOneProblem()
    {
        var report = CertificateStoreCheck.Report(new CertificateStore(Path.Combine(_pki.Directory, "none")), created: false, [], DateTimeOffset.UtcNow);

        Assert.False(report.IsHealthy);
        Assert.Equal(StoreProblemKind.StoreMissing, Assert.Single(report.Problems).Kind);
    }

    [Fact]
    public void AKeyReadableByOthers_IsReported()
    {
        using var west = _pki.CreateEndEntity("west");
        _store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        File.SetUnixFileMode(_store.PrivateKeyPath("west"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var problem = Assert.Single(CertificateStoreCheck.Run(_store, DateTimeOffset.UtcNow));

        Assert.Equal(StoreProblemKind.PrivateKeyTooOpen, problem.Kind);
        Assert.Equal("west", problem.Name);
        Assert.Contains("0640", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoreDirectoryOpenToOthers_IsReported()
    {
        File.SetUnixFileMode(_store.Path, (UnixFileMode)0b111_101_101);

        Assert.Equal([StoreProblemKind.DirectoryTooOpen], Problems());
    }

    [Fact]
    public void AKeyOfAnotherCertificate_IsReported()
    {
        using var west = _pki.CreateEndEntity("west");
        using var east = _pki.CreateEndEntity("east");
        _store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        File.WriteAllText(_store.PrivateKeyPath("west"), TestPki.KeyPem(east));

        Assert.Equal([StoreProblemKind.KeyDoesNotMatchCertificate], Problems());
    }

    [Fact]
    public void AKeyWithoutCertificate_AndGarbage_AreReported()
    {
        using var west = _pki.CreateEndEntity("west");
        _store.Add("west", west, west.GetECDsaPrivateKey(), replace: false);
        File.Delete(_store.CertificatePath("west"));
        using var east = _pki.CreateEndEntity("east");
        _store.Add("east", east, east.GetECDsaPrivateKey(), replace: false);
        File.WriteAllText(_store.PrivateKeyPath("east"), "not a key");
        File.WriteAllText(_store.CertificatePath("broken"), "not a certificate");

        Assert.Equal(
            [StoreProblemKind.UnreadableCertificate, StoreProblemKind.UnreadableKey, StoreProblemKind.KeyWithoutCertificate],
            Problems().Order());
    }

    [Fact]
    public void AnExpiredCertificate_IsReported()
    {
        using var old = _pki.CreateEndEntity("old", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        _store.Add("old", old, null, replace: false);

        Assert.Equal([StoreProblemKind.CertificateExpired], Problems());
    }

    [Fact]
    public void UntrustedAuthorities_AreTheCaCertificatesOnly_UntilTrusted()
    {
        using var west = _pki.CreateEndEntity("west");
        _store.Add("west", west, null, replace: false);
        _store.Add("mainca", _pki.Ca, null, replace: false);

        Assert.Equal(["mainca"], CertificateStoreCheck.UntrustedAuthorities(_store));
        _store.SetTrusted("mainca", true);
        Assert.Empty(CertificateStoreCheck.UntrustedAuthorities(_store));

        Assert.Equal([("mainca", true), ("west", false)], _store.List().Select(c => (c.Name, c.Trusted)));
    }
}
