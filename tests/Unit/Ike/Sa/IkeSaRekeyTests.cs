using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class IkeSaRekeyTests
{
    [Fact]
    public void Rekeyed_IKE_SA_has_new_SPIs_and_keys_keeps_the_Child_SAs_and_the_old_one_is_deleted()
    {
        using var engines = new TwoEngines();
        var old = engines.Connect();
        var child = Assert.Single(old.ChildSas);

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        var west = Assert.Single(engines.Initiator.Sas);
        var east = engines.ResponderSa;
        Assert.Equal(IkeSaState.Deleted, old.State);
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.NotEqual(old.InitiatorSpi, west.InitiatorSpi);
        Assert.NotEqual(old.ResponderSpi, west.ResponderSpi);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Same(child, Assert.Single(west.ChildSas));
        Assert.Single(east.ChildSas);
        Assert.Same(west, Assert.Single(engines.InitiatorEvents.OfType<IkeSaRekeyed>()).NewSa);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaDeleted>());
    }

    [Fact]
    public void Rekeyed_IKE_SA_carries_further_exchanges_from_Message_ID_zero()
    {
        using var engines = new TwoEngines();
        engines.Connect();
        engines.Initiator.RekeyIkeSa(engines.Initiator.Sas[0]);
        engines.Network.Run();
        var west = Assert.Single(engines.Initiator.Sas);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();
        engines.Initiator.CheckLiveness(west);
        engines.Network.Run();

        Assert.Equal(2, west.ChildSas.Count);
        Assert.Equal(2, engines.ResponderSa.ChildSas.Count);
        var sent = engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => e.InitiatorSpi == west.InitiatorSpi && !e.IsResponse).ToList();
        Assert.Equal([0u, 1u], sent.Select(e => e.MessageId));
    }

    [Fact]
    public void Responder_can_rekey_the_IKE_SA_and_becomes_the_original_initiator_of_the_new_one()
    {
        using var engines = new TwoEngines();
        engines.Connect();

        engines.Responder.RekeyIkeSa(engines.ResponderSa);
        engines.Network.Run();

        var east = engines.ResponderSa;
        Assert.True(east.IsOriginalInitiator);
        Assert.False(Assert.Single(engines.Initiator.Sas).IsOriginalInitiator);
        engines.Responder.CheckLiveness(east);
        engines.Network.Run();
        Assert.Contains(engines.InitiatorEvents.OfType<IkeMessageSent>(), e => e.IsResponse && e.Exchange == ExchangeType.INFORMATIONAL && e.InitiatorSpi == east.InitiatorSpi);
    }

    [Fact]
    public void Rekey_uses_the_key_exchange_method_the_IKE_SA_agreed_on_after_INVALID_KE_PAYLOAD()
    {
        Proposal[] westIke = [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256)];
        Proposal[] eastIke = [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.ECP_256)];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", ike: westIke),
            TwoEngines.Options("east", "west", ike: eastIke, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var old = engines.Connect();

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>());
        Assert.Equal(KeyExchangeTransformId.ECP_256, Assert.Single(engines.Initiator.Sas).Algorithms!.KeyExchange);
    }

    [Fact]
    public void Rekey_survives_the_loss_of_its_response()
    {
        using var engines = new TwoEngines();
        var old = engines.Connect();
        engines.Network.DropFirstResponse(ExchangeType.CREATE_CHILD_SA);

        engines.Initiator.RekeyIkeSa(old);
        engines.RunFor(TimeSpan.FromSeconds(5));

        var west = Assert.Single(engines.Initiator.Sas);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (engines.ResponderSa.InitiatorSpi, engines.ResponderSa.ResponderSpi));
    }
}
