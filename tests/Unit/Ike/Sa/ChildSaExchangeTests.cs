using System.Net;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class ChildSaExchangeTests
{
    [Fact]
    public void CREATE_CHILD_SA_adds_a_second_Child_SA_with_its_own_keys()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(2, west.ChildSas.Count);
        Assert.Equal(2, engines.ResponderSa.ChildSas.Count);
        AssertPaired(west.ChildSas[1], engines.ResponderSa.ChildSas[1]);
        Assert.NotEqual(west.ChildSas[0].Keys.EncryptionKeyInitiatorToResponder.ToArray(), west.ChildSas[1].Keys.EncryptionKeyInitiatorToResponder.ToArray());
    }

    [Fact]
    public void Inbound_SPIs_come_from_each_sides_allocator_in_IKE_AUTH_and_in_a_rekey()
    {
        List<(IPAddress Peer, IPAddress Local)> westAsked = [], eastAsked = [];
        ChildSpiAllocator Counting(List<(IPAddress, IPAddress)> asked, uint first) => (peer, local) =>
        {
            asked.Add((peer, local));
            return first + (uint)asked.Count - 1;
        };
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", childSpis: Counting(westAsked, 0x1000)),
            TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", childSpis: Counting(eastAsked, 0x2000)));
        var west = engines.Connect();

        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Network.Run();

        Assert.Equal([(TwoEngines.East.Address, TwoEngines.West.Address), (TwoEngines.East.Address, TwoEngines.West.Address)], westAsked);
        Assert.Equal([(TwoEngines.West.Address, TwoEngines.East.Address), (TwoEngines.West.Address, TwoEngines.East.Address)], eastAsked);
        var child = Assert.Single(west.ChildSas);
        Assert.Equal((0x1001u, 0x2001u), (child.InboundSpi, child.OutboundSpi));
    }

    [Fact]
    public void Rekeyed_Child_SA_replaces_the_old_one_which_is_then_deleted_on_both_sides()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        var old = Assert.Single(west.ChildSas);
        var oldInbound = old.InboundSpi;

        engines.Initiator.RekeyChildSa(west, old);
        engines.Network.Run();

        var replacement = Assert.Single(west.ChildSas);
        AssertPaired(replacement, Assert.Single(engines.ResponderSa.ChildSas));
        Assert.NotEqual(oldInbound, replacement.InboundSpi);
        Assert.Equal(oldInbound, engines.InitiatorEvents.OfType<ChildSaEstablished>().Last().ReplacesInboundSpi);
        Assert.Contains(engines.ResponderEvents.OfType<ChildSaDeleted>(), e => e.OutboundSpi == oldInbound);
        var rekeyRequest = IkeMessage.Parse(engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.CREATE_CHILD_SA).Bytes);
        Assert.IsType<EncryptedPayload>(Assert.Single(rekeyRequest.Payloads));
    }

    [Theory]
    [InlineData(KeyExchangeTransformId.ECP_256)]
    [InlineData(KeyExchangeTransformId.CURVE25519)]
    [InlineData(KeyExchangeTransformId.MODP_2048)]
    public void Rekey_with_PFS_runs_a_key_exchange_and_both_sides_agree(KeyExchangeTransformId method)
    {
        Proposal[] esp = [WithKeyExchange(TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null), method)];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", esp: esp),
            TwoEngines.Options("east", "west", esp: esp, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var west = engines.Connect();
        Assert.Single(west.ChildSas); // made in IKE_AUTH, where the KE transform is left out

        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Network.Run();

        var rekeyed = Assert.Single(west.ChildSas);
        AssertPaired(rekeyed, Assert.Single(engines.ResponderSa.ChildSas));
        Assert.Contains(rekeyed.Proposal.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)method);
    }

    [Fact]
    public void Rekey_with_PFS_from_the_IKE_SA_runs_a_key_exchange_with_its_group_when_esp_names_none()
    {
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", childPfsWithIkeGroup: true),
            TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", childPfsWithIkeGroup: true));
        var sa = engines.Connect();

        engines.Initiator.RekeyChildSa(sa, sa.ChildSas[0]);
        engines.Network.Run();

        var rekeyed = Assert.Single(sa.ChildSas);
        AssertPaired(rekeyed, Assert.Single(engines.ResponderSa.ChildSas));
        Assert.Contains(rekeyed.Proposal.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)KeyExchangeTransformId.CURVE25519);
    }

    [Fact]
    public void New_Child_SA_with_a_PFS_group_the_responder_refuses_is_retried_once_with_the_group_its_INVALID_KE_PAYLOAD_names()
    {
        using var engines = PfsEngines(westGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], eastGroups: [KeyExchangeTransformId.ECP_256]);
        var west = engines.Connect();
        var east = engines.ResponderSa;
        var requests = engines.ScriptCreateChildSaAnswers(east);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(2, west.ChildSas.Count);
        AssertPaired(west.ChildSas[1], east.ChildSas[1]);
        Assert.Contains(west.ChildSas[1].Proposal.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)KeyExchangeTransformId.ECP_256);
        Assert.Contains("ECP_256", Assert.Single(engines.ResponderEvents.OfType<ChildSaFailed>()).Reason);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaFailed>());

        // The retry is a new exchange: the next Message ID, a new nonce, a KE of the named group, the same proposals.
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].MessageId + 1, requests[1].MessageId);
        Assert.Equal([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], requests.Select(r => r.Payloads.Find<KeyExchangePayload>()!.Method));
        Assert.NotEqual(requests[0].Payloads.Find<NoncePayload>()!.NonceData.ToArray(), requests[1].Payloads.Find<NoncePayload>()!.NonceData.ToArray());
        Assert.Equal(Proposals(requests[0].Payloads), Proposals(requests[1].Payloads));
    }

    [Fact]
    public void Child_SA_rekey_with_a_PFS_group_the_responder_refuses_is_retried_with_the_group_its_INVALID_KE_PAYLOAD_names()
    {
        using var engines = PfsEngines(westGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], eastGroups: [KeyExchangeTransformId.ECP_256]);
        var west = engines.Connect();
        var oldInbound = west.ChildSas[0].InboundSpi;
        var requests = engines.ScriptCreateChildSaAnswers(engines.ResponderSa);

        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Network.Run();

        var rekeyed = Assert.Single(west.ChildSas);
        AssertPaired(rekeyed, Assert.Single(engines.ResponderSa.ChildSas));
        Assert.Contains(rekeyed.Proposal.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)KeyExchangeTransformId.ECP_256);
        Assert.Equal(oldInbound, engines.InitiatorEvents.OfType<ChildSaEstablished>().Last().ReplacesInboundSpi);
        Assert.Contains(engines.ResponderEvents.OfType<ChildSaDeleted>(), e => e.OutboundSpi == oldInbound);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.NotNull(r.Payloads.FindNotify(NotifyMessageType.REKEY_SA)));
    }

    [Fact]
    public void Second_INVALID_KE_PAYLOAD_for_one_Child_SA_fails_it_without_a_third_request()
    {
        using var engines = PfsEngines(westGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], eastGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256]);
        var west = engines.Connect();
        var east = engines.ResponderSa;
        var requests = engines.ScriptCreateChildSaAnswers(east, [TwoEngines.InvalidKe(KeyExchangeTransformId.ECP_256)], [TwoEngines.InvalidKe(KeyExchangeTransformId.CURVE25519)]);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(2, requests.Count);
        Assert.Equal(NotifyMessageType.INVALID_KE_PAYLOAD, Assert.Single(engines.InitiatorEvents.OfType<ChildSaFailed>()).Notify);
        Assert.Single(west.ChildSas);
        Assert.Equal(IkeSaState.Established, west.State);
    }

    [Fact]
    public void INVALID_KE_PAYLOAD_naming_a_group_we_did_not_offer_fails_the_Child_SA_without_a_retry()
    {
        using var engines = PfsEngines(westGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], eastGroups: [KeyExchangeTransformId.CURVE25519]);
        var west = engines.Connect();
        var east = engines.ResponderSa;
        var requests = engines.ScriptCreateChildSaAnswers(east, [TwoEngines.InvalidKe(KeyExchangeTransformId.MODP_2048)]);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Single(requests);
        Assert.Equal(NotifyMessageType.INVALID_KE_PAYLOAD, Assert.Single(engines.InitiatorEvents.OfType<ChildSaFailed>()).Notify);
        Assert.Equal(IkeSaState.Established, west.State);
    }

    [Fact]
    public void Responder_without_PFS_chooses_NONE_from_an_offer_that_allows_it_and_the_KE_payload_goes_unused()
    {
        using var engines = PfsEngines(westGroups: [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.NONE], eastGroups: []);
        var west = engines.Connect();
        var requests = engines.ScriptCreateChildSaAnswers(engines.ResponderSa);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(KeyExchangeTransformId.CURVE25519, Assert.Single(requests).Payloads.Find<KeyExchangePayload>()!.Method);
        Assert.Equal(2, west.ChildSas.Count);
        AssertPaired(west.ChildSas[1], engines.ResponderSa.ChildSas[1]);
        Assert.DoesNotContain(west.ChildSas[1].Proposal.Transforms, t => t.Type == TransformType.KeyExchange);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaFailed>());
        Assert.Empty(engines.ResponderEvents.OfType<ChildSaFailed>());
    }

    [Fact]
    public void Deleted_Child_SA_is_gone_from_both_sides_while_the_IKE_SA_stays()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();

        engines.Initiator.DeleteChildSa(west, west.ChildSas[0]);
        engines.Network.Run();

        Assert.Empty(west.ChildSas);
        Assert.Empty(engines.ResponderSa.ChildSas);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.Single(engines.InitiatorEvents.OfType<ChildSaDeleted>());
        Assert.Single(engines.ResponderEvents.OfType<ChildSaDeleted>());
    }

    [Fact]
    public void Rekey_survives_loss_of_its_first_response()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        engines.Network.DropFirstResponse(ExchangeType.CREATE_CHILD_SA);

        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.RunFor(TimeSpan.FromSeconds(5));

        AssertPaired(Assert.Single(west.ChildSas), Assert.Single(engines.ResponderSa.ChildSas));
    }

    [Fact]
    public void Simultaneous_rekeys_of_one_Child_SA_leave_exactly_one_replacement_on_each_side()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        var east = engines.ResponderSa;

        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Responder.RekeyChildSa(east, east.ChildSas[0]);
        engines.Network.Run();

        var westChild = Assert.Single(west.ChildSas);
        var eastChild = Assert.Single(east.ChildSas);
        Assert.Equal(westChild.InboundSpi, eastChild.OutboundSpi);
        Assert.Equal(westChild.OutboundSpi, eastChild.InboundSpi);
        Assert.Equal(westChild.Keys.EncryptionKeyInitiatorToResponder.ToArray(), eastChild.Keys.EncryptionKeyInitiatorToResponder.ToArray());
        Assert.Empty(west.RekeyedByPeer);
        Assert.Empty(east.RekeyedByPeer);
    }

    private static void AssertPaired(ChildSa initiator, ChildSa responder)
    {
        Assert.True(initiator.IsInitiator);
        Assert.False(responder.IsInitiator);
        Assert.Equal(initiator.InboundSpi, responder.OutboundSpi);
        Assert.Equal(initiator.OutboundSpi, responder.InboundSpi);
        Assert.Equal(initiator.Keys.EncryptionKeyInitiatorToResponder.ToArray(), responder.Keys.EncryptionKeyInitiatorToResponder.ToArray());
        Assert.Equal(initiator.Keys.EncryptionKeyResponderToInitiator.ToArray(), responder.Keys.EncryptionKeyResponderToInitiator.ToArray());
    }

    /// <summary>Both sides with one AES-GCM ESP proposal and PFS over these groups, in order of preference.</summary>
    private static TwoEngines PfsEngines(KeyExchangeTransformId[] westGroups, KeyExchangeTransformId[] eastGroups)
    {
        var aesGcm = TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null);
        return new TwoEngines(
            TwoEngines.Options("west", "east", esp: [WithKeyExchange(aesGcm, westGroups)]),
            TwoEngines.Options("east", "west", esp: [WithKeyExchange(aesGcm, eastGroups)], local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
    }

    private static string Proposals(IReadOnlyList<IkePayload> payloads) =>
        ProposalSelection.Describe(payloads.Find<SecurityAssociationPayload>()!.Proposals);

    private static Proposal WithKeyExchange(Proposal proposal, params KeyExchangeTransformId[] methods) =>
        new(proposal.Number, proposal.ProtocolId, proposal.Spi, [.. proposal.Transforms, .. methods.Select(m => Transform.KeyExchange(m))]);
}
