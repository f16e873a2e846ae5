using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class ProposalSelectionTests
{
    private static readonly Proposal GcmX25519 = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519);
    private static readonly Proposal CbcModp = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_CBC, 128, IntegrityTransformId.AUTH_HMAC_SHA2_256_128, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.MODP_2048);

    [Fact]
    public void Our_order_of_preference_wins_and_the_peers_proposal_number_is_kept()
    {
        var offered = new[] { Numbered(CbcModp, 1), Numbered(GcmX25519, 2) };

        var chosen = ProposalSelection.Select(offered, [GcmX25519, CbcModp])!;

        Assert.Equal(2, chosen.Number);
        Assert.Contains(Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 256), chosen.Transforms);
    }

    [Fact]
    public void One_transform_of_each_type_is_chosen_our_first_that_was_offered()
    {
        var offered = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256,
            KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256);
        var ours = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256,
            KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.CURVE25519);

        var chosen = ProposalSelection.Select([offered], [ours])!;

        Assert.Equal([Transform.KeyExchange(KeyExchangeTransformId.ECP_256)], chosen.Transforms.Where(t => t.Type == TransformType.KeyExchange));
        Assert.Equal(3, chosen.Transforms.Count);
    }

    [Fact]
    public void A_chosen_proposal_naming_NONE_for_an_additional_key_exchange_is_one_of_ours_when_ours_allows_NONE()
    {
        var ours = WithAddke1(GcmX25519, KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.NONE);
        var declined = WithAddke1(GcmX25519, KeyExchangeTransformId.NONE);

        Assert.True(ProposalSelection.IsOneOf(declined, [ours]));
        Assert.True(ProposalSelection.IsOneOf(GcmX25519, [ours]));
        Assert.False(ProposalSelection.IsOneOf(declined, [WithAddke1(GcmX25519, KeyExchangeTransformId.ML_KEM_768)]));
    }

    [Fact]
    public void Without_additional_key_exchanges_drops_proposals_that_insist_on_one_and_strips_the_others()
    {
        var insisting = WithAddke1(GcmX25519, KeyExchangeTransformId.ML_KEM_768);
        var optional = WithAddke1(Numbered(CbcModp, 2), KeyExchangeTransformId.ML_KEM_1024, KeyExchangeTransformId.NONE);

        var left = ProposalSelection.WithoutAdditionalKeyExchanges([insisting, optional]);

        Assert.Equal(Numbered(CbcModp, 2).Transforms, Assert.Single(left).Transforms);
    }

    [Fact]
    public void Different_key_length_does_not_match()
    {
        var offered = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 128, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519);

        Assert.Null(ProposalSelection.Select([offered], [GcmX25519]));
    }

    [Fact]
    public void Transform_with_an_unrecognized_attribute_is_never_chosen()
    {
        var offered = new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 256) with { HasUnrecognizedAttributes = true },
            Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256),
            Transform.KeyExchange(KeyExchangeTransformId.CURVE25519),
        ]);

        Assert.Null(ProposalSelection.Select([offered], [GcmX25519]));
    }

    [Fact]
    public void A_type_only_one_side_lists_matches_only_if_that_side_also_allows_none()
    {
        var esp = TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null);
        var espWithPfsOptional = new Proposal(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty,
            [.. esp.Transforms, Transform.KeyExchange(KeyExchangeTransformId.ECP_256), Transform.KeyExchange(KeyExchangeTransformId.NONE)]);
        var espWithPfs = new Proposal(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty, [.. esp.Transforms, Transform.KeyExchange(KeyExchangeTransformId.ECP_256)]);

        Assert.NotNull(ProposalSelection.Select([espWithPfsOptional], [esp]));
        Assert.Null(ProposalSelection.Select([espWithPfs], [esp]));
        Assert.DoesNotContain(ProposalSelection.Select([espWithPfsOptional], [esp])!.Transforms, t => t.Type == TransformType.KeyExchange);
    }

    [Fact]
    public void Proposals_of_another_protocol_do_not_match()
    {
        var esp = TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null);
        var ikeLookalike = new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty, esp.Transforms);

        Assert.Null(ProposalSelection.Select([ikeLookalike], [esp]));
    }

    [Fact]
    public void An_answer_with_a_transform_we_never_offered_is_not_one_of_ours()
    {
        var answer = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_512, KeyExchangeTransformId.CURVE25519);

        Assert.False(ProposalSelection.IsOneOf(answer, [GcmX25519]));
        Assert.True(ProposalSelection.IsOneOf(GcmX25519, [CbcModp, GcmX25519]));
    }

    [Fact]
    public void Mismatch_description_names_both_sides_as_strongSwan_would()
    {
        Assert.Equal(
            "no proposal chosen: peer offered IKE:ENCR_AES_CBC_128/AUTH_HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048; we accept IKE:ENCR_AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519",
            ProposalSelection.DescribeMismatch([CbcModp], [GcmX25519]));
    }

    [Theory]
    [InlineData("10.1.0.0-10.1.255.255", "10.1.5.0-10.1.5.255", "10.1.5.0-10.1.5.255")]
    [InlineData("10.1.0.0-10.1.0.255", "10.1.0.128-10.1.1.255", "10.1.0.128-10.1.0.255")]
    [InlineData("10.1.0.0-10.1.0.255", "10.2.0.0-10.2.0.255", null)]
    [InlineData("2001:db8::-2001:db8::ffff", "2001:db8::100-2001:db8::1ff", "2001:db8::100-2001:db8::1ff")]
    [InlineData("2001:db8::-2001:db8::ffff", "10.1.0.0-10.1.0.255", null)]
    public void Narrowing_intersects_address_ranges(string offered, string configured, string? expected)
    {
        var narrowed = TrafficSelectorNarrowing.Narrow([TwoEngines.Range(offered)], [TwoEngines.Range(configured)]);

        Assert.Equal(expected is null ? [] : [$"{expected} proto 0 ports 0-65535"], narrowed.Select(s => s.ToString()));
    }

    [Fact]
    public void Narrowing_intersects_protocols_and_ports()
    {
        var web = System.Net.IPAddress.Parse("10.1.0.80");
        var offered = TrafficSelector.AddressRange(web, web, ipProtocolId: 6, startPort: 0, endPort: 1024);
        var configured = TrafficSelector.AddressRange(web, web, ipProtocolId: 0, startPort: 80, endPort: 8080);
        var udp = TrafficSelector.AddressRange(web, web, ipProtocolId: 17);

        var narrowed = Assert.Single(TrafficSelectorNarrowing.Narrow([offered], [configured]));

        Assert.Equal((6, 80, 1024), (narrowed.IpProtocolId, narrowed.StartPort, (int)narrowed.EndPort));
        Assert.Empty(TrafficSelectorNarrowing.Narrow([offered], [udp]));
        Assert.True(TrafficSelectorNarrowing.IsWithin([narrowed], [offered]));
        Assert.False(TrafficSelectorNarrowing.IsWithin([configured], [offered]));
    }

    private static Proposal Numbered(Proposal proposal, byte number) => new(number, proposal.ProtocolId, proposal.Spi, proposal.Transforms);

    private static Proposal WithAddke1(Proposal proposal, params KeyExchangeTransformId[] methods) =>
        new(proposal.Number, proposal.ProtocolId, proposal.Spi, [.. proposal.Transforms, .. methods.Select(m => Transform.KeyExchange(m, TransformType.AdditionalKeyExchange1))]);
}
