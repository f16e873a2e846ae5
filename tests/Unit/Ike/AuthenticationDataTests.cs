using System.Security.Cryptography;
using System.Text;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class AuthenticationDataTests
{
    private static readonly byte[] RealMessage = SampleMessages.Filled(300, 0x11);
    private static readonly byte[] PeerNonce = SampleMessages.Filled(32, 0x22);
    private static readonly byte[] SkPi = SampleMessages.Filled(32, 0x33);
    private static readonly IdentificationPayload Id = new(PayloadType.IdentificationInitiator, IdentificationType.ID_FQDN, Encoding.ASCII.GetBytes("west"));

    [Fact]
    public void Signed_octets_are_the_message_the_peer_nonce_and_the_MACed_ID()
    {
        var octets = AuthenticationData.SignedOctets(RealMessage, PeerNonce, HmacSha2Prf.Sha256, SkPi, Id);

        // RestOfInitIDPayload: ID Type, three reserved octets, then the identification data.
        byte[] restOfIdPayload = [(byte)IdentificationType.ID_FQDN, 0, 0, 0, .. "west"u8];
        Assert.Equal([.. RealMessage, .. PeerNonce, .. HMACSHA256.HashData(SkPi, restOfIdPayload)], octets);
    }

    [Fact]
    public void Shared_key_auth_is_prf_of_the_padded_key_over_the_signed_octets()
    {
        var octets = AuthenticationData.SignedOctets(RealMessage, PeerNonce, HmacSha2Prf.Sha512, SkPi, Id);
        var psk = Encoding.UTF8.GetBytes("a secret shared by west and east");

        var auth = AuthenticationData.ComputeSharedKey(HmacSha2Prf.Sha512, psk, octets);

        var padded = HMACSHA512.HashData(psk, Encoding.ASCII.GetBytes("Key Pad for IKEv2"));
        Assert.Equal(HMACSHA512.HashData(padded, octets), auth);
        Assert.True(AuthenticationData.VerifySharedKey(HmacSha2Prf.Sha512, psk, octets, auth));
        Assert.False(AuthenticationData.VerifySharedKey(HmacSha2Prf.Sha512, "another secret"u8, octets, auth));
    }

    // RFC 7427 Appendix A: A.3.1 ecdsa-with-sha256, A.1.2 sha256WithRSAEncryption, A.4.3 RSASSA-PSS with SHA-256.
    [Theory]
    [InlineData("ecdsa-sha256", "300a06082a8648ce3d040302")]
    [InlineData("rsa-pkcs1-sha256", "300d06092a864886f70d01010b0500")]
    [InlineData("rsa-pss-sha256",
        "3046" + "06092a864886f70d01010a" + "3039" + "a00f300d06096086480165030402010500" +
        "a11c301a06092a864886f70d010108300d06096086480165030402010500" + "a203020120" + "a303020101")]
    public void Algorithm_identifiers_are_those_of_RFC_7427_appendix_A(string name, string der)
    {
        var algorithm = Algorithm(name);

        Assert.Equal(der, Convert.ToHexStringLower(algorithm.AlgorithmIdentifier.Span));
        Assert.True(SignatureAlgorithmParser.TryParse(Convert.FromHexString(der), out var parsed));
        Assert.Same(algorithm, parsed);
    }

    [Theory]
    // PSS with SHA-256 written without NULL hash parameters and without the default trailerField.
    [InlineData("303d06092a864886f70d01010a3030a00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040201a203020120", true)]
    // sha256WithRSAEncryption without its NULL.
    [InlineData("300b06092a864886f70d01010b", true)]
    // RSASSA-PSS with default (SHA-1) parameters: MUST NOT (RFC 8247).
    [InlineData("300d06092a864886f70d01010a3000", false)]
    // PSS with SHA-256 but a 20-byte salt.
    [InlineData("303d06092a864886f70d01010a3030a00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040201a203020114", false)]
    // sha1WithRSAEncryption: MUST NOT.
    [InlineData("300d06092a864886f70d0101050500", false)]
    // ecdsa-with-SHA256 with NULL parameters, and trailing garbage.
    [InlineData("300c06082a8648ce3d0403020500", false)]
    [InlineData("300a06082a8648ce3d04030200", false)]
    [InlineData("", false)]
    public void Peer_algorithm_identifiers_are_read_by_structure(string der, bool accepted)
    {
        Assert.Equal(accepted, SignatureAlgorithmParser.TryParse(Convert.FromHexString(der), out _));
    }

    public static TheoryData<string, string> Keys => new()
    {
        { "ecdsa-sha256", "p256" },
        { "ecdsa-sha384", "p384" },
        { "ecdsa-sha512", "p521" },
        { "rsa-pss-sha256", "rsa2048" },
        { "rsa-pss-sha384", "rsa2048" },
        { "rsa-pss-sha512", "rsa2048" },
        { "rsa-pkcs1-sha256", "rsa2048" },
        { "rsa-pkcs1-sha512", "rsa2048" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Digital_signature_auth_verifies_with_the_signers_public_key_only(string name, string keyKind)
    {
        using var key = CreateKey(keyKind);
        using var otherKey = CreateKey(keyKind);
        var algorithm = Algorithm(name);
        var octets = AuthenticationData.SignedOctets(RealMessage, PeerNonce, HmacSha2Prf.Sha256, SkPi, Id);

        var auth = AuthenticationData.Sign(algorithm, key, octets);

        Assert.Equal(algorithm.AlgorithmIdentifier.Length, auth[0]);
        Assert.True(AuthenticationData.VerifySignature(key, auth, octets, out var used));
        Assert.Same(algorithm, used);
        Assert.False(AuthenticationData.VerifySignature(otherKey, auth, octets, out _));
        octets[0] ^= 1;
        Assert.False(AuthenticationData.VerifySignature(key, auth, octets, out _));
    }

    [Fact]
    public void Signature_of_the_wrong_key_kind_or_malformed_data_does_not_verify()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var auth = AuthenticationData.Sign(EcdsaSignature.Sha256, ecdsa, RealMessage);

        Assert.False(AuthenticationData.VerifySignature(rsa, auth, RealMessage, out _));
        Assert.False(AuthenticationData.VerifySignature(ecdsa, [], RealMessage, out _));
        Assert.False(AuthenticationData.VerifySignature(ecdsa, [200, 1, 2], RealMessage, out _));
        Assert.False(AuthenticationData.VerifySignature(ecdsa, auth.AsSpan(0, 13), RealMessage, out _));
    }

    private static ISignatureAlgorithm Algorithm(string name) => name switch
    {
        "ecdsa-sha256" => EcdsaSignature.Sha256,
        "ecdsa-sha384" => EcdsaSignature.Sha384,
        "ecdsa-sha512" => EcdsaSignature.Sha512,
        "rsa-pss-sha256" => RsaPssSignature.Sha256,
        "rsa-pss-sha384" => RsaPssSignature.Sha384,
        "rsa-pss-sha512" => RsaPssSignature.Sha512,
        "rsa-pkcs1-sha256" => RsaPkcs1Signature.Sha256,
        "rsa-pkcs1-sha512" => RsaPkcs1Signature.Sha512,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static AsymmetricAlgorithm CreateKey(string kind) => kind switch
    {
        "p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "p521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
        _ => RSA.Create(2048),
    };
}
