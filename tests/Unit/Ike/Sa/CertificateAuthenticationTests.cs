using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class CertificateAuthenticationTests
{
    [Fact]
    public void ECDSA_and_RSA_certificates_authenticate_with_RFC_7427_signatures_through_an_intermediate_CA()
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Intermediate), [TestPki.Intermediate]),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.RsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.Single(west.ChildSas);
        var auths = AuthPayloads(engines);
        Assert.All(auths, a => Assert.Equal(AuthenticationMethod.DIGITAL_SIGNATURE, a.Method));
        Assert.Equal(EcdsaSignature.Sha384.AlgorithmIdentifier.ToArray(), AlgorithmIdentifier(auths[0])); // matches west's P-384 key
        Assert.Equal(RsaPssSignature.Sha256.AlgorithmIdentifier.ToArray(), AlgorithmIdentifier(auths[1]));
    }

    [Fact]
    public void A_peer_that_sets_up_many_IKE_SAs_has_its_certificates_parsed_once()
    {
        var parsed = new PeerCertificateCache();
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Intermediate), [TestPki.Intermediate]),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.RsaLeaf("east", TestPki.Root), parsed: parsed));

        var sas = Enumerable.Range(0, 5).Select(_ => engines.Connect()).ToList();

        Assert.All(sas, sa => Assert.Equal(IkeSaState.Established, sa.State));
        Assert.Equal(5, engines.Responder.Sas.Count(sa => sa.State == IkeSaState.Established));
        Assert.Equal(2, parsed.Parses); // west's certificate and its intermediate
    }

    [Fact]
    public void A_peer_certificate_parsed_before_is_still_checked_in_each_IKE_SA_and_fails_once_expired()
    {
        var parsed = new PeerCertificateCache();
        var soonExpired = TestPki.EcdsaLeaf("west", TestPki.Root, notAfter: new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), soonExpired),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root), parsed: parsed));
        Assert.Equal(IkeSaState.Established, engines.Connect().State);

        engines.Clock.Advance(TimeSpan.FromDays(10));
        var late = engines.Connect();

        Assert.Equal(IkeSaState.Failed, late.State);
        Assert.Contains(engines.ResponderEvents.OfType<IkeSaFailed>(), f => f.Notify == NotifyMessageType.AUTHENTICATION_FAILED && f.Reason.Contains("does not chain to a trusted CA", StringComparison.Ordinal));
        Assert.Equal(1, parsed.Parses);
    }

    [Fact]
    public void CERTREQ_names_the_trusted_CA_by_the_SHA1_of_its_public_key()
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Root)),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));
        engines.Connect();
        var request = Decrypted(engines, engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH && !d.IsResponse), responder: true);

        var certificateRequest = Assert.Single(request.OfType<CertificateRequestPayload>());
#pragma warning disable CA5350 // RFC 7296 §3.7 names CAs by SHA-1.
        Assert.Equal(SHA1.HashData(TestPki.Root.PublicKey.ExportSubjectPublicKeyInfo()), certificateRequest.CertificationAuthority.ToArray());
#pragma warning restore CA5350
    }

    [Fact]
    public void Certificate_from_an_untrusted_CA_fails_authentication()
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Rogue)),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        var refusal = Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>());
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refusal.Notify);
        Assert.Contains("does not chain to a trusted CA", refusal.Reason);
    }

    [Fact]
    public void Certificate_that_does_not_name_the_peers_ID_fails_authentication()
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("south", TestPki.Root)),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Contains("does not name @west", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
    }

    [Fact]
    public void Expired_certificate_fails_authentication_on_the_engines_clock()
    {
        var expired = TestPki.EcdsaLeaf("west", TestPki.Root, notAfter: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), expired),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Notify);
    }

    [Fact]
    public void Peer_using_a_PSK_where_a_certificate_is_required_fails_authentication()
    {
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east"),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Contains("SHARED_KEY_MESSAGE_INTEGRITY_CODE where a signature (DIGITAL_SIGNATURE, ECDSA or RSA) was expected", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
    }

    [Theory]
    [InlineData(CertificateSendPolicy.IfAsked)]
    [InlineData(CertificateSendPolicy.Never)]
    public void Responder_asks_for_certificates_in_IKE_SA_INIT_so_an_initiator_that_sends_when_asked_sends_its_own(CertificateSendPolicy send)
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Root), send: send),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        var initResponse = IkeMessage.Parse(engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT && d.IsResponse).Bytes);
        Assert.Single(initResponse.Payloads.OfType<CertificateRequestPayload>());
        Assert.Equal(send == CertificateSendPolicy.IfAsked ? IkeSaState.Established : IkeSaState.Failed, west.State);
        if (send == CertificateSendPolicy.Never)
        {
            Assert.Contains("sent no X.509 certificate", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rightca_requires_the_peers_chain_to_pass_through_that_CA(bool issuedUnderIt)
    {
        var westCertificate = issuedUnderIt ? TestPki.EcdsaLeaf("west", TestPki.Intermediate) : TestPki.EcdsaLeaf("west", TestPki.Root);
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), westCertificate, [TestPki.Intermediate]),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root), requiredCa: new X500DistinguishedName("CN=SwanShell Test Intermediate")));

        var west = engines.Connect();

        Assert.Equal(issuedUnderIt ? IkeSaState.Established : IkeSaState.Failed, west.State);
        if (!issuedUnderIt)
        {
            Assert.Contains("is not issued under the CA CN=SwanShell Test Intermediate that rightca= requires", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
        }
    }

    [Fact]
    public void Distinguished_name_IDs_match_whatever_their_string_encoding_and_a_wildcard_pattern_matches_any_value()
    {
        var westCertificate = TestPki.EcdsaLeaf("west", TestPki.Root);
        var printable = new X500DistinguishedNameBuilder();
        printable.Add("2.5.4.3", "WEST", UniversalTagNumber.PrintableString);
        var otherEncoding = printable.Build();
        Assert.False(otherEncoding.RawData.AsSpan().SequenceEqual(westCertificate.SubjectName.RawData)); // UTF8String "west" in the certificate
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), westCertificate, localId: Identity.DistinguishedName(otherEncoding), remoteId: Identity.DistinguishedName(new X500DistinguishedName("CN=*"))),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root), localId: Identity.DistinguishedName(new X500DistinguishedName("CN=east")), remoteId: Identity.DistinguishedName(new X500DistinguishedName("CN=*"))));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal("CN=WEST", engines.ResponderSa.RemoteIdentity!.ToString());
        Assert.Equal("CN=east", west.RemoteIdentity!.ToString());
        var request = Decrypted(engines, engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH && !d.IsResponse), responder: true);
        Assert.DoesNotContain(request.OfType<IdentificationPayload>(), id => id.Type == PayloadType.IdentificationResponder); // a pattern is never sent as IDr
    }

    [Theory]
    [InlineData(SignatureKeyTypes.Rsa, true)]
    [InlineData(SignatureKeyTypes.Ecdsa, false)]
    public void A_peer_signing_with_a_key_type_rightauth_does_not_allow_fails_authentication(SignatureKeyTypes allowed, bool accepted)
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.RsaLeaf("west", TestPki.Root)),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root), peerKeys: allowed));

        var west = engines.Connect();

        Assert.Equal(accepted ? IkeSaState.Established : IkeSaState.Failed, west.State);
        if (!accepted)
        {
            Assert.Contains("@west signs with an RSA key, where only ECDSA keys are accepted", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
        }
    }

    [Theory]
    [InlineData("nistP256", AuthenticationMethod.ECDSA_SHA256_P256)]
    [InlineData("nistP384", AuthenticationMethod.ECDSA_SHA384_P384)]
    [InlineData("nistP521", AuthenticationMethod.ECDSA_SHA512_P521)]
    public void ECDSA_keys_sign_with_the_RFC_4754_method_of_their_curve_when_the_peer_announces_no_signature_hashes(string curve, AuthenticationMethod method)
    {
        var namedCurve = ECCurve.CreateFromFriendlyName(curve);
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.EcdsaLeaf("west", TestPki.Root, curve: namedCurve), signatureAuthentication: false),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root, curve: namedCurve)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        var initRequest = IkeMessage.Parse(engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT).Bytes);
        Assert.Null(initRequest.Payloads.FindNotify(NotifyMessageType.SIGNATURE_HASH_ALGORITHMS));
        Assert.All(AuthPayloads(engines), a => Assert.Equal(method, a.Method));
    }

    [Fact]
    public void RSA_key_towards_a_peer_without_RFC_7427_signatures_fails_the_IKE_SA_with_the_reason()
    {
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east"), TestPki.RsaLeaf("west", TestPki.Root), signatureAuthentication: false),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        var failure = Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>());
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, failure.Notify);
        Assert.Contains("RSA-SHA1 (method 1)", failure.Reason);
        Assert.Empty(engines.Initiator.Sas);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Peer_signing_with_RSA_SHA1_method_1_is_accepted_when_the_connection_allows_it(bool accept)
    {
        var westCertificate = TestPki.RsaLeaf("west", TestPki.Root);
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east", fragmentSize: 8000), westCertificate),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root), acceptRsaSha1: accept));
        using var westKey = westCertificate.GetRSAPrivateKey()!;
#pragma warning disable CA5350 // the peer we play signs as RFC 7296 method 1 defines it, with SHA-1.
        ReplaceWestAuthentication(engines, AuthenticationMethod.RSA_DIGITAL_SIGNATURE, octets => westKey.SignData(octets, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
#pragma warning restore CA5350

        var west = engines.Connect();

        Assert.Equal(accept ? IkeSaState.Established : IkeSaState.Failed, west.State);
        if (!accept)
        {
            Assert.Contains("RSA-SHA1 (method 1), which this connection does not accept", Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Reason);
        }
    }

    [Fact]
    public void RFC_4754_signature_made_with_a_key_of_another_curve_fails_authentication()
    {
        var westCertificate = TestPki.EcdsaLeaf("west", TestPki.Root); // P-384
        using var engines = new TwoEngines(
            WithCertificate(TwoEngines.Options("west", "east", fragmentSize: 8000), westCertificate),
            WithCertificate(TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"), TestPki.EcdsaLeaf("east", TestPki.Root)));
        using var westKey = westCertificate.GetECDsaPrivateKey()!;
        ReplaceWestAuthentication(engines, AuthenticationMethod.ECDSA_SHA256_P256, octets => westKey.SignData(octets, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Notify);
    }

    /// <summary>
    /// West's IKE_AUTH request reaches east with its AUTH payload replaced by <paramref name="method"/> and what
    /// <paramref name="sign"/> makes of west's signed octets (§2.15): west played as a peer that signs another way.
    /// </summary>
    private static void ReplaceWestAuthentication(TwoEngines engines, AuthenticationMethod method, Func<byte[], byte[]> sign)
    {
        var replaced = false;
        engines.Network.Filter = d =>
        {
            if (replaced || d.IsResponse || d.ExchangeType != (byte)ExchangeType.IKE_AUTH)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            replaced = true;
            var east = engines.ResponderSa;
            var message = IkeMessage.Parse(d.Bytes);
            var payloads = east.Inbound!.Decrypt((EncryptedPayload)message.Payloads[^1]);
            var id = payloads.OfType<IdentificationPayload>().Single(p => p.Type == PayloadType.IdentificationInitiator);
            var octets = AuthenticationData.SignedOctets(east.InitRequest, east.NonceResponder, east.Algorithms!.Prf, east.Keys!.SK_pi, id);
            var rewritten = payloads.Select(p => p is AuthenticationPayload ? new AuthenticationPayload(method, sign(octets)) : p).ToList();
            engines.Network.Send(Assert.Single(engines.Initiator.Sas).Outbound!.Encrypt(message.Header, rewritten), d.From, d.To);
            return InMemoryNetwork.Fate.Drop;
        };
    }

    /// <summary>Authenticate with <paramref name="certificate"/>, and expect a peer certificate from the test root.</summary>
    private static IkeSaOptions WithCertificate(
        IkeSaOptions options,
        X509Certificate2 certificate,
        IReadOnlyList<X509Certificate2>? chain = null,
        CertificateSendPolicy send = CertificateSendPolicy.Always,
        X500DistinguishedName? requiredCa = null,
        Identity? localId = null,
        Identity? remoteId = null,
        SignatureKeyTypes peerKeys = SignatureKeyTypes.Rsa | SignatureKeyTypes.Ecdsa,
        bool signatureAuthentication = true,
        bool acceptRsaSha1 = true,
        PeerCertificateCache? parsed = null) => new()
        {
            PeerCertificates = parsed ?? PeerCertificateCache.Shared,
            SignatureAuthentication = signatureAuthentication,
            AcceptRsaSha1Signature = acceptRsaSha1,
            FragmentSize = options.FragmentSize,
            IkeProposals = options.IkeProposals,
            ChildProposals = options.ChildProposals,
            LocalIdentity = localId ?? options.LocalIdentity,
            RemoteIdentity = remoteId ?? options.RemoteIdentity,
            LocalTrafficSelectors = options.LocalTrafficSelectors,
            RemoteTrafficSelectors = options.RemoteTrafficSelectors,
            Certificate = certificate,
            CertificateChain = chain ?? [],
            SendCertificate = send,
            TrustedCertificateAuthorities = [TestPki.Root],
            RequiredCertificateAuthority = requiredCa,
            PeerSignatureKeys = peerKeys,
        };

    private static byte[] AlgorithmIdentifier(AuthenticationPayload auth) =>
        auth.AuthenticationData.Span.Slice(1, auth.AuthenticationData.Span[0]).ToArray();

    private static List<AuthenticationPayload> AuthPayloads(TwoEngines engines) =>
    [
        .. engines.Network.Sent.Where(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH)
            .SelectMany(d => Decrypted(engines, d, responder: !d.IsResponse))
            .OfType<AuthenticationPayload>(),
    ];

    /// <summary>Opens an IKE_AUTH datagram with the receiving side's keys.</summary>
    private static IReadOnlyList<IkePayload> Decrypted(TwoEngines engines, InMemoryNetwork.Datagram datagram, bool responder)
    {
        var sa = responder ? engines.ResponderSa : Assert.Single(engines.Initiator.Sas);
        return sa.Inbound!.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram.Bytes).Payloads[^1]);
    }
}
