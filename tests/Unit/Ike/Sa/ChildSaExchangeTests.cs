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
    public void PFS_group_the_responder_does_not_want_is_refused_with_INVALID_KE_PAYLOAD_naming_its_group()
    {
        Proposal[] westEsp = [WithKeyExchange(TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null), KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256)];
        Proposal[] eastEsp = [WithKeyExchange(TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null), KeyExchangeTransformId.ECP_256)];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", esp: westEsp),
            TwoEngines.Options("east", "west", esp: eastEsp, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(NotifyMessageType.INVALID_KE_PAYLOAD, engines.InitiatorEvents.OfType<ChildSaFailed>().Single().Notify);
        Assert.Contains("ECP_256", engines.ResponderEvents.OfType<ChildSaFailed>().Single().Reason);
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Single(west.ChildSas);
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

    private static Proposal WithKeyExchange(Proposal proposal, params KeyExchangeTransformId[] methods) =>
        new(proposal.Number, proposal.ProtocolId, proposal.Spi, [.. proposal.Transforms, .. methods.Select(m => Transform.KeyExchange(m))]);
}
