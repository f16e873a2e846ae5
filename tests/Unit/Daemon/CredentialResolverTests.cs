using System.Net;
using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.UnitTests.Certificates;
using SwanShell.UnitTests.Config;

namespace SwanShell.UnitTests.Daemon;

/// <summary>leftcert=, leftid=%fromcert, rightca=, authby=/leftauth= and leftsendcert= resolved against a certificate store.</summary>
public sealed class CredentialResolverTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly CertificateStore _store;
    private readonly X509Certificate2 _west;

    public CredentialResolverTests()
    {
        _store = new CertificateStore(_pki.StorePath);
        _store.Initialize(force: false);
        _west = _pki.CreateEndEntity("west");
        _store.Add("west", _west, _west.GetECDsaPrivateKey(), replace: false);
        _store.Add("SwanShell Test CA", _pki.Ca, null, replace: false);
        _store.SetTrusted("SwanShell Test CA", true);
    }

    public void Dispose()
    {
        _west.Dispose();
        _pki.Dispose();
    }

    [Fact]
    public void Leftcert_gives_the_certificate_with_its_key_the_ID_of_its_subject_and_the_trusted_CAs()
    {
        var credentials = Resolve("leftcert=west\n    authby=ecdsa");

        Assert.Equal(_west.Thumbprint, credentials.Certificate!.Thumbprint);
        Assert.True(credentials.Certificate.HasPrivateKey);
        Assert.Equal(_west.SubjectName.RawData, credentials.LocalIdentity!.Data.ToArray());
        Assert.Equal(_pki.Ca.Thumbprint, Assert.Single(credentials.TrustedAuthorities!).Thumbprint);
        Assert.False(credentials.UsesPreSharedKey);
        Assert.Equal(CertificateSendPolicy.Always, credentials.SendCertificate);
    }

    [Fact]
    public void Options_for_a_certificate_conn_carry_no_PSK_and_the_IDs_from_the_certificates()
    {
        var options = IkeSaOptionsFactory.Create(Connection("leftcert=west\n    leftid=%fromcert\n    rightid=%fromcert"), secrets: null);

        Assert.Equal("CN=west", options.LocalIdentity.ToString());
        Assert.Null(options.RemoteIdentity);
        Assert.True(options.PreSharedKey.IsEmpty);
        Assert.NotNull(options.Certificate);
        Assert.NotNull(options.TrustedCertificateAuthorities);
    }

    [Fact]
    public void The_IKE_SAs_of_a_conn_sign_with_the_certificate_and_key_loaded_when_it_was_added()
    {
        var connection = Connection("leftcert=west\n    authby=ecdsa");

        var options = Enumerable.Range(0, 3).Select(_ => IkeSaOptionsFactory.Create(connection, secrets: null)).ToList();

        Assert.All(options, o => Assert.Same(connection.Credentials.Certificate, o.Certificate));
        Assert.All(options, o => Assert.Same(connection.Credentials.TrustedAuthorities, o.TrustedCertificateAuthorities));
        Assert.All(options, o => Assert.Same(PeerCertificateCache.Shared, o.PeerCertificates));
    }

    [Fact]
    public void A_certificate_replaced_in_the_store_is_what_the_conn_signs_with_once_it_is_resolved_again()
    {
        var before = Resolve("leftcert=west\n    authby=ecdsa");
        using var renewed = _pki.CreateEndEntity("west");
        _store.Add("west", renewed, renewed.GetECDsaPrivateKey(), replace: true);

        var after = Resolve("leftcert=west\n    authby=ecdsa");

        Assert.Equal(_west.Thumbprint, before.Certificate!.Thumbprint);
        Assert.Equal(renewed.Thumbprint, after.Certificate!.Thumbprint);
        Assert.True(after.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_distinguished_name_rightid_is_read_in_libreswan_order()
    {
        var options = IkeSaOptionsFactory.Create(Connection("leftcert=west\n    rightid=\"O=SwanShell Tests, CN=east\""), secrets: null);

        Assert.Equal(IdentificationType.ID_DER_ASN1_DN, options.RemoteIdentity!.Type);
        Assert.Equal("O=SwanShell Tests, CN=east", options.RemoteIdentity.ToString());
    }

    [Fact]
    public void A_name_the_store_does_not_have_is_refused_with_the_conns_line_and_how_to_import_it()
    {
        var error = Assert.Throws<ControlException>(() => Resolve("leftcert=wset"));

        Assert.Equal(ControlErrorCodes.CertificateNotFound, error.Code);
        Assert.StartsWith("ipsec.conf:1:1: conn 'tunnel': leftcert=wset:", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'west'?", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Import-IpsecCertificate -Path FILE -Name 'wset' -StorePath {_store.Path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var east = _pki.CreateEndEntity("east");
        _store.Add("east", X509CertificateLoader.LoadCertificate(east.RawData), null, replace: false);

        var error = Assert.Throws<ControlException>(() => Resolve("leftcert=east"));

        Assert.Equal(ControlErrorCodes.CertificateNotFound, error.Code);
        Assert.Contains("holds the certificate but not its private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_auth_method_for_another_key_type_is_refused_and_the_key_never_shows()
    {
        using var rsa = _pki.CreateEndEntity("rsa-west", rsa: true);
        _store.Add("rsa-west", rsa, rsa.GetRSAPrivateKey(), replace: false);

        var error = Assert.Throws<ControlException>(() => Resolve("leftcert=rsa-west\n    authby=ecdsa"));

        Assert.Equal(ControlErrorCodes.ConfigInvalid, error.Code);
        Assert.Contains("authby=ecdsa needs an ECDSA key, but the certificate 'rsa-west' has an RSA 2048 key; use authby=rsasig (or rsa-sha2)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPki.KeyBase64(rsa), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authby=rsa-sha2", true)]
    [InlineData("authby=rsasig", true)]
    [InlineData("leftauth=ecdsa\n    rightauth=ecdsa", false)]
    public void An_RSA_certificate_signs_for_RSA_methods_only(string methods, bool accepted)
    {
        using var rsa = _pki.CreateEndEntity("rsa-west", rsa: true);
        _store.Add("rsa-west", rsa, rsa.GetRSAPrivateKey(), replace: false);

        var resolve = () => Resolve($"leftcert=rsa-west\n    {methods}");

        if (accepted)
        {
            Assert.NotNull(resolve().Certificate!.GetRSAPrivateKey());
        }
        else
        {
            Assert.Contains("leftauth=ecdsa needs an ECDSA key", Assert.Throws<ControlException>(resolve).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Signature_auth_without_leftcert_is_added_but_cannot_negotiate_and_says_to_name_a_certificate_or_use_a_PSK()
    {
        var credentials = Resolve(string.Empty);
        var error = Assert.Throws<ControlException>(() => IkeSaOptionsFactory.Create(Connection(string.Empty), secrets: null));

        Assert.Contains("authby=rsasig,ecdsa signs with a certificate, but this end has no leftcert=", credentials.Problem, StringComparison.Ordinal);
        Assert.Equal(ControlErrorCodes.ConfigInvalid, error.Code);
        Assert.Equal(credentials.Problem, error.Message);
        Assert.Contains("or use authby=secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_authentication_is_not_supported_yet()
    {
        var error = Assert.Throws<ControlException>(() => IkeSaOptionsFactory.Create(Connection("authby=null"), secrets: null));

        Assert.Equal(ControlErrorCodes.NotSupported, error.Code);
        Assert.Contains("authby=null is not supported by SwanShell yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_store_says_how_to_create_it()
    {
        var resolver = new CredentialResolver(new CertificateStore(Path.Combine(_pki.Directory, "nowhere")));

        var error = Assert.Throws<ControlException>(() => resolver.Resolve(Orient("leftcert=west")));

        Assert.Contains("there is none at", error.Message, StringComparison.Ordinal);
        Assert.Contains("Initialize-IpsecCertificateStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_trusts_no_CA_cannot_verify_peers_and_says_how_to_trust_one()
    {
        _store.SetTrusted("SwanShell Test CA", false);

        var error = Assert.Throws<ControlException>(() => IkeSaOptionsFactory.Create(Connection("leftcert=west"), secrets: null));

        Assert.Equal(ControlErrorCodes.CertificateNotFound, error.Code);
        Assert.Contains("trusts no CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("Test-IpsecCertificateStore -SetTrust", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rightca_same_is_the_issuer_of_leftcert_any_is_none_and_a_name_is_read_as_libreswan_writes_it()
    {
        Assert.Equal(_pki.Ca.SubjectName.RawData, Resolve("leftcert=west\n    rightca=%same").RequiredAuthority!.RawData);
        Assert.Null(Resolve("leftcert=west\n    rightca=%any").RequiredAuthority);
        Assert.True(DistinguishedNames.Matches(_pki.Ca.SubjectName, Resolve("leftcert=west\n    rightca=\"O=SwanShell Tests, CN=SwanShell Test CA\"").RequiredAuthority!, wildcards: false));
    }

    [Theory]
    [InlineData("authby=rsasig,ecdsa", SignatureKeyTypes.Rsa | SignatureKeyTypes.Ecdsa)]
    [InlineData("leftauth=ecdsa\n    rightauth=rsa-sha2_256", SignatureKeyTypes.Rsa)]
    [InlineData("authby=ecdsa", SignatureKeyTypes.Ecdsa)]
    public void The_peer_may_sign_with_the_keys_its_auth_method_names(string methods, SignatureKeyTypes keys)
    {
        Assert.Equal(keys, Resolve($"leftcert=west\n    {methods}").PeerSignatureKeys);
    }

    [Theory]
    [InlineData("authby=rsasig", true)]
    [InlineData("authby=rsa-sha1", true)]
    [InlineData("authby=rsa-sha2", false)]
    [InlineData("authby=rsa-sha2_256,ecdsa", false)]
    [InlineData("leftauth=rsa-sha2_256\n    rightauth=rsasig", true)]
    [InlineData("leftauth=rsasig\n    rightauth=rsa-sha2_512", false)]
    public void Only_a_peer_allowed_rsasig_or_rsa_sha1_may_use_RSA_SHA1_AUTH_method_1(string methods, bool accepted)
    {
        using var rsa = _pki.CreateEndEntity("rsa-west", rsa: true);
        _store.Add("rsa-west", rsa, rsa.GetRSAPrivateKey(), replace: false);

        Assert.Equal(accepted, Resolve($"leftcert=rsa-west\n    {methods}").AcceptRsaSha1Signature);
        Assert.Equal(accepted, IkeSaOptionsFactory.Create(Connection($"leftcert=rsa-west\n    {methods}"), secrets: null).AcceptRsaSha1Signature);
    }

    [Fact]
    public void Mixed_auth_signs_locally_and_takes_the_PSK_from_the_peer()
    {
        var credentials = Resolve("leftcert=west\n    leftauth=ecdsa\n    rightauth=secret");

        Assert.NotNull(credentials.Certificate);
        Assert.Null(credentials.TrustedAuthorities);
        Assert.True(credentials.UsesPreSharedKey);
    }

    [Fact]
    public void Leftsendcert_and_a_PSK_conn_need_nothing_from_the_store()
    {
        Assert.Equal(CertificateSendPolicy.IfAsked, Resolve("leftcert=west\n    leftsendcert=sendifasked").SendCertificate);
        Assert.Equal(CertificateSendPolicy.Never, Resolve("leftcert=west\n    leftsendcert=never").SendCertificate);
        var psk = new CredentialResolver(new CertificateStore(Path.Combine(_pki.Directory, "nowhere"))).Resolve(Orient("authby=secret"));
        Assert.Same(ConnectionCredentials.PreSharedKey, psk);
    }

    [Fact]
    public void Fromcert_on_an_end_that_proves_a_PSK_is_refused()
    {
        var error = Assert.Throws<ControlException>(() => Resolve("authby=secret\n    leftid=%fromcert"));

        Assert.Contains("leftid=%fromcert takes the ID from leftcert=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intermediate_CAs_of_the_store_are_sent_after_the_certificate()
    {
        using var intermediate = CreateIntermediate();
        _store.Add("intermediate", X509CertificateLoader.LoadCertificate(intermediate.RawData), null, replace: false);
        using var road = IssueUnder(intermediate, "road");
        _store.Add("road", road, road.GetECDsaPrivateKey(), replace: false);

        var credentials = Resolve("leftcert=road");

        Assert.Equal(intermediate.Thumbprint, Assert.Single(credentials.CertificateChain).Thumbprint);
    }

    private X509Certificate2 CreateIntermediate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Intermediate", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.Create(_pki.Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 IssueUnder(X509Certificate2 issuer, string name)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), [5, 6, 7, 8]);
        return certificate.CopyWithPrivateKey(key);
    }

    private ConnectionCredentials Resolve(string lines) => new CredentialResolver(_store).Resolve(Orient(lines));

    private Connection Connection(string lines)
    {
        var oriented = Orient(lines);
        return new Connection(oriented, IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2"), 1) { Credentials = new CredentialResolver(_store).Resolve(oriented) };
    }

    /// <summary>Conn tunnel between 192.0.2.1 and 192.0.2.2 with these lines, seen from <paramref name="local"/>.</summary>
    internal static OrientedConnection Orient(string lines, string local = "192.0.2.1")
    {
        var config = ConfigFiles.ReadText($"conn tunnel\n    left=192.0.2.1\n    right=192.0.2.2\n    {lines}\n");
        var conn = Assert.Single(config.Connections);
        Assert.True(ConnectionOrientation.TryOrient(conn, new FakeLocalAddresses(null, local), null, out var oriented, out var reason), reason);
        return oriented!;
    }
}
