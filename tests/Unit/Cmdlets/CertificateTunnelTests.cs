using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>
/// Two real daemons authenticate each other with certificates, set up as an operator would: a CA and two end-entity
/// certificates made here, each daemon's store filled with initnss, import and checknss --settrusts (the cmdlets), and
/// leftcert=/rightcert= in the conn with nssdir= pointing at the daemon's store.
/// </summary>
public sealed class CertificateTunnelTests : IDisposable
{
    private const string Password = "tunnel-p12-pw";

    private readonly string _directory = Directory.CreateTempSubdirectory("swanshell-certtunnel-").FullName;
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(false, "authby=ecdsa")]
    [InlineData(true, "authby=rsa-sha2")]
    [InlineData(true, "authby=rsasig\n    leftsendcert=sendifasked\n    rightsendcert=sendifasked")]
    public void Certificates_of_each_key_type_bring_the_tunnel_up_and_status_shows_the_peers_certificate_ID(bool rsa, string auth)
    {
        using var ca = CreateCa("SwanShell Tunnel CA", rsa);
        using var west = Issue(ca, "west", rsa);
        using var east = Issue(ca, "east", rsa);
        using var daemons = Daemons(auth, Store("west", west, ca), Store("east", east, ca));

        var up = (IpsecConnectionStatus)_shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'").Single().BaseObject;
        var eastStatus = EstablishedStatus(daemons.East);

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(ConnectionState.Established, up.State);
        Assert.Equal(ConnectionState.Established, eastStatus.State);
        Assert.Equal("O=SwanShell Tests, CN=east", Assert.Single(up.IkeSas).RemoteId);
        Assert.Equal("O=SwanShell Tests, CN=west", Assert.Single(eastStatus.IkeSas).RemoteId);
        Assert.Equal("O=SwanShell Tests, CN=west", up.LocalId);
        Assert.Contains($"certificate 'west' (O=SwanShell Tests, CN=west)", daemons.West.Log, StringComparison.Ordinal);
        foreach (var leaf in new[] { west, east })
        {
            Assert.DoesNotContain(KeyBase64(leaf), daemons.West.Log + daemons.East.Log, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("west")]
    [InlineData("east")]
    public void A_certificate_an_untrusted_CA_signed_is_refused_with_AUTHENTICATION_FAILED_and_why(string untrusted)
    {
        using var ca = CreateCa("SwanShell Tunnel CA", rsa: false);
        using var rogue = CreateCa("Rogue CA", rsa: false);
        var issuers = new Dictionary<string, X509Certificate2> { ["west"] = untrusted == "west" ? rogue : ca, ["east"] = untrusted == "east" ? rogue : ca };
        using var west = Issue(issuers["west"], "west", rsa: false);
        using var east = Issue(issuers["east"], "east", rsa: false);
        using var daemons = Daemons(
            "authby=ecdsa",
            Store("west", west, issuers["west"], trust: untrusted == "west" ? ca : null),
            Store("east", east, issuers["east"], trust: untrusted == "east" ? ca : null));

        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("NegotiationFailed,SwanShell.Commands.StartIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("AUTHENTICATION_FAILED", error.Exception.Message, StringComparison.Ordinal);

        // The side that verified says why: the responder in its log (written as it answers), the initiator in the error record as well.
        var why = $"the certificate of O=SwanShell Tests, CN={untrusted} (O=SwanShell Tests, CN={untrusted}, issued by O=SwanShell Tests, CN=Rogue CA) does not chain to a trusted CA";
        var verifier = untrusted == "west" ? daemons.East : daemons.West;
        Assert.True(SpinWait.SpinUntil(() => verifier.Log.Contains(why, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), verifier.Log);
        if (untrusted == "east")
        {
            Assert.Contains(why, error.Exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_conn_whose_leftcert_the_store_lacks_is_not_added_and_the_error_names_the_line_and_the_fix()
    {
        using var ca = CreateCa("SwanShell Tunnel CA", rsa: false);
        using var west = Issue(ca, "west", rsa: false);
        using var east = Issue(ca, "east", rsa: false);
        using var daemons = Daemons("authby=ecdsa", Store("west", west, ca), Store("east", east, ca));
        var config = daemons.West.WriteConfig("more.conf", "conn other\n    left=127.0.0.1\n    leftcert=north\n    right=127.0.0.9\n    authby=ecdsa\n");

        _shell.Run($"Add-IpsecConnection other -Config '{config}' -RunDirectory '{daemons.West.Path}'");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("CertificateNotFound,SwanShell.Commands.AddIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("more.conf:1:1: conn 'other': leftcert=north", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Import-IpsecCertificate", error.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("O=SwanShell Tests, CN=*", true)]
    [InlineData("%fromcert", true)]
    [InlineData("O=Elsewhere, CN=*", false)]
    public void A_responder_for_any_peer_takes_the_certificates_its_id_pattern_matches(string pattern, bool accepted)
    {
        using var ca = CreateCa("SwanShell Tunnel CA", rsa: false);
        using var west = Issue(ca, "west", rsa: false);
        using var east = Issue(ca, "east", rsa: false);
        var westStore = Store("west", west, ca);
        var eastStore = Store("east", east, ca);
        using var daemons = new TwoDaemons(
            port => Conn(port, "authby=ecdsa"),
            port => $"""
                conn tunnel
                    left=%any
                    leftid="{pattern}"
                    leftsubnet=10.1.0.0/16
                    right=127.0.0.2
                    rightcert=east
                    rightsubnet=10.2.0.0/16
                    authby=ecdsa
                    auto=add

                """,
            westSetup: $"    nssdir={westStore}\n",
            eastSetup: $"    nssdir={eastStore}\n");

        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        if (accepted)
        {
            Assert.Empty(_shell.Streams.Error);
            var eastStatus = EstablishedStatus(daemons.East);
            Assert.Equal("O=SwanShell Tests, CN=west", Assert.Single(eastStatus.IkeSas).RemoteId);
        }
        else
        {
            Assert.Contains("AUTHENTICATION_FAILED", Assert.Single(_shell.Streams.Error).Exception.Message, StringComparison.Ordinal);
            Assert.True(SpinWait.SpinUntil(() => daemons.East.Log.Contains("the peer is O=SwanShell Tests, CN=west, not O=Elsewhere, CN=*", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), daemons.East.Log);
        }
    }

    /// <summary>The responder's status once it has installed the Child SA it answered with (that follows its answer).</summary>
    private IpsecConnectionStatus EstablishedStatus(DaemonFixture daemon)
    {
        IpsecConnectionStatus Status() => (IpsecConnectionStatus)_shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;
        SpinWait.SpinUntil(() => Status().State == ConnectionState.Established, TimeSpan.FromSeconds(10));
        return Status();
    }

    /// <summary>A store made with the cmdlets: the PKCS#12 file of <paramref name="leaf"/> (with its key and issuer) imported, and <paramref name="trust"/> (else the issuer) trusted.</summary>
    private string Store(string name, X509Certificate2 leaf, X509Certificate2 issuer, X509Certificate2? trust = null)
    {
        var store = Path.Combine(_directory, $"{name}-store");
        var p12 = Path.Combine(_directory, $"{name}.p12");
        File.WriteAllBytes(p12, new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(issuer.RawData) }.Export(X509ContentType.Pkcs12, Password)!);
        _shell.Run($"Initialize-IpsecCertificateStore -StorePath '{store}'");
        _shell.Run($"$pw = [System.Security.SecureString]::new(); '{Password}'.ToCharArray() | ForEach-Object {{ $pw.AppendChar($_) }}; Import-IpsecCertificate -Path '{p12}' -Password $pw -Name {name} -StorePath '{store}'");
        if (trust is not null)
        {
            var ca = Path.Combine(_directory, $"{name}-trusted-ca.pem");
            File.WriteAllText(ca, trust.ExportCertificatePem());
            _shell.Run($"Import-IpsecCertificate -Path '{ca}' -Name trusted-ca -StorePath '{store}'");
        }

        _shell.Run($"Test-IpsecCertificateStore -SetTrust -StorePath '{store}'");
        Assert.Empty(_shell.Streams.Error);
        if (trust is not null)
        {
            // Only the CA meant to be trusted: the other one merely came with the file.
            _shell.Run($"Get-IpsecCertificate -StorePath '{store}' | Where-Object {{ $_.IsCertificateAuthority -and $_.Name -ne 'trusted-ca' }} | Remove-IpsecCertificate -Confirm:$false");
        }

        return store;
    }

    private static TwoDaemons Daemons(string auth, string westStore, string eastStore) => new(
        port => Conn(port, auth),
        port => Conn(port, auth),
        westSetup: $"    nssdir={westStore}\n",
        eastSetup: $"    nssdir={eastStore}\n");

    private static string Conn(int port, string auth) => $"""
        conn tunnel
            left=127.0.0.1
            leftcert=west
            leftid=%fromcert
            leftsubnet=10.1.0.0/16
            leftikeport={port}
            right=127.0.0.2
            rightcert=east
            rightid="O=SwanShell Tests, CN=east"
            rightsubnet=10.2.0.0/16
            rightikeport={port}
            {auth}
            auto=add

        """;

    private static X509Certificate2 CreateCa(string name, bool rsa)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request($"CN={name}, O=SwanShell Tests", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>An end-entity certificate of the CA's key type (RSA-2048 or ECDSA P-256), with its private key.</summary>
    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool rsa)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request($"CN={name}, O=SwanShell Tests", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), RandomNumberGenerator.GetBytes(8));
        return rsa ? certificate.CopyWithPrivateKey((RSA)key) : certificate.CopyWithPrivateKey((ECDsa)key);
    }

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key) => key is RSA rsa
        ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);

    private static string KeyBase64(X509Certificate2 withKey)
    {
        using var key = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()!;
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }
}
