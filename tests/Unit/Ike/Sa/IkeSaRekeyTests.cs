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
    public void Exchanges_queued_on_an_IKE_SA_the_peer_rekeyed_are_not_sent_on_it_afterwards()
    {
        using var engines = new TwoEngines();
        var old = engines.Connect();
        var east = engines.ResponderSa;

        // West's liveness check is in flight, so its Child SA creation waits in the queue while east's rekey arrives.
        engines.Initiator.CheckLiveness(old);
        engines.Initiator.CreateChildSa(old);
        engines.Responder.RekeyIkeSa(east);
        engines.Network.Run();

        var successor = Assert.Single(engines.Initiator.Sas);
        Assert.NotSame(old, successor);
        Assert.Empty(old.Queued);
        Assert.DoesNotContain(engines.InitiatorEvents.OfType<IkeMessageSent>(), e => e.Exchange == ExchangeType.CREATE_CHILD_SA && !e.IsResponse && e.InitiatorSpi == old.InitiatorSpi);
        Assert.Single(successor.ChildSas);
    }

    [Fact]
    public void Rekey_uses_the_key_exchange_method_the_IKE_SA_agreed_on_after_INVALID_KE_PAYLOAD()
    {
        using var engines = TwoEngines.WithIkeGroups([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], [KeyExchangeTransformId.ECP_256]);
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

    [Fact]
    public void Simultaneous_rekeys_leave_one_new_IKE_SA_on_each_side_with_the_Child_SA()
    {
        using var engines = new TwoEngines();
        var westOld = engines.Connect();
        var eastOld = engines.ResponderSa;

        var (west, east) = engines.RekeyIkeSaFromBothSides(westOld, eastOld);

        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.NotEqual(west.IsOriginalInitiator, east.IsOriginalInitiator);
        Assert.Equal([IkeSaState.Deleted, IkeSaState.Deleted], [westOld.State, eastOld.State]);
        Assert.Single(west.ChildSas);
        Assert.Single(east.ChildSas);
        Assert.Same(west, Assert.Single(engines.InitiatorEvents.OfType<IkeSaRekeyed>()).NewSa);
        Assert.Same(east, Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyed>()).NewSa);

        engines.Initiator.CheckLiveness(west);
        engines.Network.Run();
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaFailed>());
    }

    [Fact]
    public void Simultaneous_rekeys_whose_peer_request_arrives_late_still_converge_on_one_IKE_SA()
    {
        using var engines = new TwoEngines();
        var westOld = engines.Connect();
        var held = false;
        engines.Network.Filter = d =>
        {
            if (!held && d.From.Equals(TwoEngines.East) && !d.IsResponse && d.ExchangeType == (byte)ExchangeType.CREATE_CHILD_SA)
            {
                held = true;
                return InMemoryNetwork.Fate.Reorder;
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        engines.Initiator.RekeyIkeSa(westOld);
        engines.Responder.RekeyIkeSa(engines.ResponderSa);
        engines.RunFor(TimeSpan.FromSeconds(2));

        var (west, east) = (Assert.Single(engines.Initiator.Sas), Assert.Single(engines.Responder.Sas));
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Single(west.ChildSas);
        Assert.Single(east.ChildSas);
        Assert.Same(east, Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyed>()).NewSa);
    }

    [Fact]
    public void Rekey_of_an_IKE_SA_already_replaced_gets_TEMPORARY_FAILURE()
    {
        using var engines = new TwoEngines();
        var westOld = engines.Connect();
        var eastOld = engines.ResponderSa;
        // West's Delete of the old SA never arrives, so both still hold it when east asks to rekey it.
        engines.Network.Filter = d => d.From.Equals(TwoEngines.West) && !d.IsResponse && d.ExchangeType == (byte)ExchangeType.INFORMATIONAL
            ? InMemoryNetwork.Fate.Drop
            : InMemoryNetwork.Fate.Deliver;
        engines.Initiator.RekeyIkeSa(westOld);
        engines.Network.Run();

        engines.Responder.RekeyIkeSa(eastOld);
        engines.Network.Run();

        var refused = Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyFailed>());
        Assert.Equal(NotifyMessageType.TEMPORARY_FAILURE, refused.Notify);
        Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyed>());
    }

    [Fact]
    public void Rekey_answered_with_INVALID_KE_PAYLOAD_is_retried_once_with_the_group_it_names()
    {
        using var engines = TwoEngines.WithIkeGroups([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256]);
        var old = engines.Connect();
        var eastOld = engines.ResponderSa;
        var requests = engines.ScriptCreateChildSaAnswers(eastOld, [TwoEngines.InvalidKe(KeyExchangeTransformId.ECP_256)]);

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>());
        var west = Assert.Single(engines.Initiator.Sas);
        Assert.Equal(KeyExchangeTransformId.ECP_256, west.Algorithms!.KeyExchange);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (engines.ResponderSa.InitiatorSpi, engines.ResponderSa.ResponderSpi));
        Assert.Equal([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], requests.Select(r => r.Payloads.Find<KeyExchangePayload>()!.Method));
        Assert.Equal(requests[0].MessageId + 1, requests[1].MessageId);
    }

    [Fact]
    public void Rekey_answered_with_INVALID_KE_PAYLOAD_twice_fails_and_the_IKE_SA_stays()
    {
        using var engines = TwoEngines.WithIkeGroups([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256]);
        var old = engines.Connect();
        var eastOld = engines.ResponderSa;
        var requests = engines.ScriptCreateChildSaAnswers(eastOld, [TwoEngines.InvalidKe(KeyExchangeTransformId.ECP_256)], [TwoEngines.InvalidKe(KeyExchangeTransformId.CURVE25519)]);

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        Assert.Equal(2, requests.Count);
        Assert.Equal(NotifyMessageType.INVALID_KE_PAYLOAD, Assert.Single(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>()).Notify);
        Assert.Same(old, Assert.Single(engines.Initiator.Sas));
        Assert.Equal(IkeSaState.Established, old.State);
    }

    [Fact]
    public void Rekey_request_whose_KE_is_not_of_the_group_the_responder_chose_gets_INVALID_KE_PAYLOAD_naming_that_group()
    {
        using var engines = TwoEngines.WithIkeGroups([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], [KeyExchangeTransformId.ECP_256]);
        engines.Connect();
        var east = engines.ResponderSa;
        var offer = engines.WestOptions.IkeProposals[0];
        var task = new IkeRekeyTask(east);

        task.ProcessRequest(
        [
            new SecurityAssociationPayload([new Proposal(1, SecurityProtocolId.IKE, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, offer.Transforms)]),
            new NoncePayload(new byte[32]),
            new KeyExchangePayload(KeyExchangeTransformId.CURVE25519, new byte[32]),
        ]);
        var response = new List<IkePayload>();
        task.BuildResponse(response);

        var refusal = Assert.IsType<NotifyPayload>(Assert.Single(response));
        Assert.Equal(NotifyMessageType.INVALID_KE_PAYLOAD, refusal.NotifyType);
        Assert.Equal(new byte[] { 0, 19 }, refusal.NotificationData.ToArray());
        Assert.Null(task.NewSa);
    }
}
