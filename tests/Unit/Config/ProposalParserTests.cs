using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class ProposalParserTests
{
    private static EquatableList<Proposal>? Parse(string text, SecurityProtocol protocol, out string[] messages)
    {
        var diagnostics = new DiagnosticList();
        var key = protocol == SecurityProtocol.Ike ? "ike" : "esp";
        var result = ProposalParser.Parse(protocol, new ConfigSetting(key, text, new SourceLocation("ipsec.conf", 3, 5), new SourceLocation("ipsec.conf", 3, 9)), diagnostics);
        messages = [.. diagnostics.Items.Select(d => d.ToString())];
        return result;
    }

    private static Proposal Single(string text, SecurityProtocol protocol = SecurityProtocol.Ike)
    {
        var proposals = Parse(text, protocol, out var messages);
        Assert.Empty(messages);
        return Assert.Single(proposals!);
    }

    private static EquatableList<T> List<T>(params T[] items) => new(items);

    [Fact]
    public void Aead_ike_with_two_groups_has_a_prf_and_no_integrity()
    {
        var proposal = Single("aes_gcm256-sha2_512;dh19+dh20");

        Assert.Equal(SecurityProtocol.Ike, proposal.Protocol);
        Assert.Equal(List(new EncryptionTransform(EncryptionAlgorithm.AesGcm16, 256)), proposal.Encryption);
        Assert.Equal(List(PseudorandomFunction.HmacSha2_512), proposal.PseudorandomFunctions);
        Assert.Empty(proposal.Integrity);
        Assert.Equal(List(KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384), proposal.KeyExchange);
        Assert.Empty(proposal.AdditionalKeyExchanges);
    }

    [Fact]
    public void Cbc_ike_with_dash_group_derives_integrity_from_the_prf()
    {
        var proposal = Single("aes256-sha2_256-modp2048");

        Assert.Equal(List(new EncryptionTransform(EncryptionAlgorithm.AesCbc, 256)), proposal.Encryption);
        Assert.Equal(List(PseudorandomFunction.HmacSha2_256), proposal.PseudorandomFunctions);
        Assert.Equal(List(IntegrityAlgorithm.HmacSha2_256_128), proposal.Integrity);
        Assert.Equal(List(KeyExchangeMethod.Modp2048), proposal.KeyExchange);
    }

    [Fact]
    public void Chacha_alone_gets_default_prfs_and_key_exchanges()
    {
        var proposal = Single("chacha20_poly1305");

        Assert.Equal(List(new EncryptionTransform(EncryptionAlgorithm.ChaCha20Poly1305, null)), proposal.Encryption);
        Assert.Equal(List(PseudorandomFunction.HmacSha2_512, PseudorandomFunction.HmacSha2_256), proposal.PseudorandomFunctions);
        Assert.Equal(
            List(KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521, KeyExchangeMethod.Curve25519, KeyExchangeMethod.Modp4096, KeyExchangeMethod.Modp3072, KeyExchangeMethod.Modp2048, KeyExchangeMethod.Modp8192),
            proposal.KeyExchange);
    }

    [Fact]
    public void Ml_kem_named_as_the_key_exchange_is_a_hybrid_with_the_default_groups()
    {
        var proposal = Single("aes256-sha2;mlkem768");

        Assert.Equal(KeyExchangeMethod.Ecp256, proposal.KeyExchange[0]);
        Assert.Equal(List(List(KeyExchangeMethod.MlKem768)), proposal.AdditionalKeyExchanges);
        Assert.Equal(36, (int)proposal.AdditionalKeyExchanges[0][0]);
    }

    [Fact]
    public void Ml_kem_next_to_a_classical_group_and_explicit_addke_slots()
    {
        var hybrid = Single("aes_gcm256-sha2_384;dh31+ml_kem_1024");
        var explicitSlots = Single("aes_gcm256-sha2_384;dh31;addke1=ml_kem_768+ml_kem_1024;addke2=mlkem512");

        Assert.Equal(List(KeyExchangeMethod.Curve25519), hybrid.KeyExchange);
        Assert.Equal(List(List(KeyExchangeMethod.MlKem1024)), hybrid.AdditionalKeyExchanges);
        Assert.Equal(List(List(KeyExchangeMethod.MlKem768, KeyExchangeMethod.MlKem1024), List(KeyExchangeMethod.MlKem512)), explicitSlots.AdditionalKeyExchanges);
    }

    [Fact]
    public void Aes_without_key_length_proposes_256_and_128()
    {
        var proposal = Single("aes-sha2");

        Assert.Equal(List(new EncryptionTransform(EncryptionAlgorithm.AesCbc, 256), new EncryptionTransform(EncryptionAlgorithm.AesCbc, 128)), proposal.Encryption);
    }

    [Fact]
    public void Several_proposals_are_separated_by_commas()
    {
        var proposals = Parse("aes_gcm256-sha2_512;dh19, aes256-sha2_256;modp2048", SecurityProtocol.Ike, out var messages);

        Assert.Empty(messages);
        Assert.Equal(2, proposals!.Count);
        Assert.Equal("aes_cbc_256-sha2_256-sha2_256_128;modp2048", proposals[1].ToString());
    }

    [Theory]
    [InlineData("aes_gcm256", EncryptionAlgorithm.AesGcm16, 256, new IntegrityAlgorithm[0])]
    [InlineData("aes256-sha2_512", EncryptionAlgorithm.AesCbc, 256, new[] { IntegrityAlgorithm.HmacSha2_512_256 })]
    [InlineData("aes128-sha1", EncryptionAlgorithm.AesCbc, 128, new[] { IntegrityAlgorithm.HmacSha1_96 })]
    [InlineData("aes_gcm_16_128-null", EncryptionAlgorithm.AesGcm16, 128, new IntegrityAlgorithm[0])]
    public void Esp_proposals_have_no_prf(string text, EncryptionAlgorithm algorithm, int bits, IntegrityAlgorithm[] integrity)
    {
        var proposal = Single(text, SecurityProtocol.Esp);

        Assert.Equal(SecurityProtocol.Esp, proposal.Protocol);
        Assert.Equal(List(new EncryptionTransform(algorithm, bits)), proposal.Encryption);
        Assert.Empty(proposal.PseudorandomFunctions);
        Assert.Equal(integrity, proposal.Integrity);
        Assert.Empty(proposal.KeyExchange);
    }

    [Fact]
    public void Esp_key_exchange_is_the_pfs_group()
    {
        var proposal = Single("aes-sha2;modp3072", SecurityProtocol.Esp);

        Assert.Equal(List(KeyExchangeMethod.Modp3072), proposal.KeyExchange);
        Assert.Equal(List(IntegrityAlgorithm.HmacSha2_256_128), proposal.Integrity);
    }

    [Fact]
    public void Iana_numbers_are_the_enum_values()
    {
        Assert.Equal([12, 20, 28], new[] { EncryptionAlgorithm.AesCbc, EncryptionAlgorithm.AesGcm16, EncryptionAlgorithm.ChaCha20Poly1305 }.Select(e => (int)e));
        Assert.Equal([5, 6, 7], new[] { PseudorandomFunction.HmacSha2_256, PseudorandomFunction.HmacSha2_384, PseudorandomFunction.HmacSha2_512 }.Select(e => (int)e));
        Assert.Equal([12, 13, 14], new[] { IntegrityAlgorithm.HmacSha2_256_128, IntegrityAlgorithm.HmacSha2_384_192, IntegrityAlgorithm.HmacSha2_512_256 }.Select(e => (int)e));
        Assert.Equal([14, 15, 16, 19, 20, 21, 31, 32, 36, 37], new[]
        {
            KeyExchangeMethod.Modp2048, KeyExchangeMethod.Modp3072, KeyExchangeMethod.Modp4096, KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384,
            KeyExchangeMethod.Ecp521, KeyExchangeMethod.Curve25519, KeyExchangeMethod.Curve448, KeyExchangeMethod.MlKem768, KeyExchangeMethod.MlKem1024,
        }.Select(e => (int)e));
    }

    [Theory]
    [InlineData("aes257-sha2", SecurityProtocol.Ike, "ipsec.conf:3:9: 'aes257': aes_cbc takes a key length of 128, 192, 256 bits")]
    [InlineData("aes256-sha3", SecurityProtocol.Ike, "ipsec.conf:3:16: unknown algorithm 'sha3' in ike=; did you mean 'sha2'?")]
    [InlineData("aes_gmc256", SecurityProtocol.Ike, "ipsec.conf:3:9: unknown encryption algorithm 'aes_gmc256' in ike=; did you mean 'aes_gcm256'?")]
    [InlineData("aes_gcm256-sha2_512-sha2_512", SecurityProtocol.Ike, "ipsec.conf:3:9: 'aes_gcm256-sha2_512-sha2_512': aes_gcm_16 already protects integrity; remove 'sha2_512_256'")]
    [InlineData("aes-sha2;modp1024", SecurityProtocol.Esp, "ipsec.conf:3:18: 'modp1024' is too weak; SwanShell does not offer it")]
    [InlineData("aes_gcm256+aes256-sha2", SecurityProtocol.Ike, "ipsec.conf:3:9: 'aes_gcm256+aes256-sha2' mixes AEAD and non-AEAD encryption; put them in separate proposals, separated by ','")]
    [InlineData("aes256-sha2,", SecurityProtocol.Ike, "ipsec.conf:3:21: an empty proposal in ike=; remove the extra ','")]
    [InlineData("aes-none", SecurityProtocol.Esp, "ipsec.conf:3:9: 'aes-none' has no integrity protection; use an AEAD cipher such as aes_gcm256, or an integrity algorithm such as sha2_256")]
    [InlineData("chacha20_poly1305_256", SecurityProtocol.Esp, "ipsec.conf:3:9: 'chacha20_poly1305_256': chacha20_poly1305 takes no key length; write 'chacha20_poly1305'")]
    [InlineData("aes256-sha2;dh19;addke2=mlkem768", SecurityProtocol.Ike, "ipsec.conf:3:9: 'aes256-sha2;dh19;addke2=mlkem768' skips an additional key exchange; number addke1=, addke2=, … without gaps")]
    [InlineData("aes256-sha2;prf=sha1", SecurityProtocol.Ike, "ipsec.conf:3:21: 'prf=' is not supported in ike=; use ';KE', ';ke=KE' or ';addke1=KE' … ';addke7=KE'")]
    public void Mistakes_are_reported_at_their_column(string text, SecurityProtocol protocol, string message)
    {
        var result = Parse(text, protocol, out var messages);

        Assert.Null(result);
        Assert.Equal(message, Assert.Single(messages));
    }

    [Fact]
    public void Defaults_are_libreswan_5()
    {
        Assert.Equal(
        [
            "aes_gcm_16_256-sha2_512+sha2_256;dh19+dh20+dh21+dh31+modp4096+modp3072+modp2048+modp8192",
            "aes_gcm_16_128-sha2_512+sha2_256;dh19+dh20+dh21+dh31+modp4096+modp3072+modp2048+modp8192",
            "chacha20_poly1305-sha2_512+sha2_256;dh19+dh20+dh21+dh31+modp4096+modp3072+modp2048+modp8192",
            "aes_cbc_256-sha2_512+sha2_256-sha2_512_256+sha2_256_128;dh19+dh20+dh21+dh31+modp4096+modp3072+modp2048+modp8192",
            "aes_cbc_128-sha2_512+sha2_256-sha2_512_256+sha2_256_128;dh19+dh20+dh21+dh31+modp4096+modp3072+modp2048+modp8192",
        ], DefaultProposals.Ike.Select(p => p.ToString()));
        Assert.Equal(
        [
            "aes_gcm_16_256", "aes_gcm_16_128", "chacha20_poly1305",
            "aes_cbc_256-sha2_512_256+sha2_256_128", "aes_cbc_128-sha2_512_256+sha2_256_128",
        ], DefaultProposals.Esp.Select(p => p.ToString()));
    }

    [Fact]
    public void Written_form_reads_back_to_the_same_proposal()
    {
        foreach (var proposal in DefaultProposals.Ike.Concat(DefaultProposals.Esp).Append(Single("aes_gcm256-sha2_384;dh31;addke1=ml_kem_768")))
        {
            var again = Parse(proposal.ToString(), proposal.Protocol, out var messages);
            Assert.Empty(messages);
            Assert.Equal(proposal, Assert.Single(again!));
        }
    }
}
