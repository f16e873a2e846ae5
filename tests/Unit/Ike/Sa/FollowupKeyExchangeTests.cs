using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// Additional key exchanges for Child SAs made or rekeyed with CREATE_CHILD_SA (RFC 9370 §2.2.4): one
/// IKE_FOLLOWUP_KE exchange each, linked by the responder's ADDITIONAL_KEY_EXCHANGE notify, engine to engine.
/// </summary>
public sealed class FollowupKeyExchangeTests
{
    [Fact]
    public void Child_SA_rekey_with_PFS_and_ML_KEM_runs_one_IKE_FOLLOWUP_KE_and_both_sides_agree()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var west = engines.Connect();
        var old = Assert.Single(west.ChildSas);

        engines.Initiator.RekeyChildSa(west, old);
        engines.Network.Run();

        var rekeyed = Assert.Single(west.ChildSas);
        AssertSameKeys(rekeyed, Assert.Single(engines.ResponderSa.ChildSas));
        Assert.NotEqual(old.InboundSpi, rekeyed.InboundSpi);
        Assert.Contains(rekeyed.Proposal.Transforms, t => t.Type == TransformType.AdditionalKeyExchange1 && t.Id == (ushort)KeyExchangeTransformId.ML_KEM_768);
        Assert.Equal([ExchangeType.CREATE_CHILD_SA, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.INFORMATIONAL], RequestsAfterIkeAuth(engines));
        Assert.Contains(engines.ResponderEvents.OfType<ChildSaDeleted>(), e => e.OutboundSpi == old.InboundSpi);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaFailed>());
    }

    [Fact]
    public void New_Child_SA_with_two_additional_key_exchanges_runs_two_IKE_FOLLOWUP_KE_exchanges()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.ML_KEM_1024);
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(2, west.ChildSas.Count);
        AssertSameKeys(west.ChildSas[1], engines.ResponderSa.ChildSas[1]);
        Assert.Equal([ExchangeType.CREATE_CHILD_SA, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.IKE_FOLLOWUP_KE], RequestsAfterIkeAuth(engines));
    }

    [Fact]
    public void Responder_answers_an_IKE_FOLLOWUP_KE_it_does_not_await_with_STATE_NOT_FOUND_and_the_IKE_SA_lives_on()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var west = engines.Connect();

        // West's link is swapped for one east never gave.
        engines.SwapNextFollowupLink(west);

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Single(west.ChildSas);
        Assert.Single(engines.ResponderSa.ChildSas);
        Assert.Contains(engines.InitiatorEvents.OfType<ChildSaFailed>(), e => e.Notify == NotifyMessageType.STATE_NOT_FOUND);
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
    }

    [Fact]
    public void Responder_drops_a_half_made_Child_SA_whose_IKE_FOLLOWUP_KE_never_comes_after_the_retransmission_budget()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var west = engines.Connect();
        var east = engines.ResponderSa;

        // West loses track of the exchange (its IKE_FOLLOWUP_KE names a link east never gave), so east's wait is vain.
        engines.SwapNextFollowupLink(west);
        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();
        var budget = RetransmissionOptions.Default.Budget;

        engines.Clock.Advance(budget - TimeSpan.FromSeconds(1));
        Assert.Single(east.AwaitedFollowups!);
        Assert.Empty(engines.ResponderEvents.OfType<ChildSaFailed>());

        engines.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(east.AwaitedFollowups!);
        Assert.Contains("IKE_FOLLOWUP_KE", Assert.Single(engines.ResponderEvents.OfType<ChildSaFailed>()).Reason);
        Assert.Single(east.ChildSas);
        Assert.Equal(IkeSaState.Established, east.State);
    }

    [Fact]
    public void IKE_FOLLOWUP_KE_arriving_after_the_responder_gave_up_gets_STATE_NOT_FOUND_and_both_IKE_SAs_live_on()
    {
        var esp = Esp(KeyExchangeTransformId.ML_KEM_768);
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", esp: esp),
            TwoEngines.Options("east", "west", esp: esp, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", retransmission: new RetransmissionOptions(TimeSpan.FromSeconds(1), 1, 1)));
        var west = engines.Connect();
        engines.Network.Filter = d => !d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_FOLLOWUP_KE && d.To.Equals(TwoEngines.East)
            && engines.Network.Sent.Count(s => s.ExchangeType == d.ExchangeType) == 1
            ? InMemoryNetwork.Fate.Drop
            : InMemoryNetwork.Fate.Deliver;

        // East waits 2 s (its retransmission budget); west retransmits its lost request after 4 s.
        engines.Initiator.CreateChildSa(west);
        engines.RunFor(TimeSpan.FromSeconds(5));

        Assert.Contains(engines.ResponderEvents.OfType<ChildSaFailed>(), e => e.Reason.Contains("IKE_FOLLOWUP_KE"));
        Assert.Equal(NotifyMessageType.STATE_NOT_FOUND, Assert.Single(engines.InitiatorEvents.OfType<ChildSaFailed>()).Notify);
        Assert.Single(west.ChildSas);
        Assert.Single(engines.ResponderSa.ChildSas);
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
    }

    /// <summary>Both ends with ESP proposals asking for PFS with Curve25519 and these additional key exchanges, ADDKE1 on.</summary>
    private static TwoEngines Engines(params KeyExchangeTransformId[] additional)
    {
        var esp = Esp(additional);
        return new TwoEngines(
            TwoEngines.Options("west", "east", esp: esp),
            TwoEngines.Options("east", "west", esp: esp, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
    }

    /// <summary>An ESP proposal asking for PFS with Curve25519 and these additional key exchanges, ADDKE1 on.</summary>
    private static Proposal[] Esp(params KeyExchangeTransformId[] additional)
    {
        var basic = TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null);
        return
        [
            new(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty,
            [
                .. basic.Transforms,
                Transform.KeyExchange(KeyExchangeTransformId.CURVE25519),
                .. additional.Select((k, i) => Transform.KeyExchange(k, (TransformType)((int)TransformType.AdditionalKeyExchange1 + i))),
            ]),
        ];
    }

    private static List<ExchangeType> RequestsAfterIkeAuth(TwoEngines engines) =>
        [.. engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => !e.IsResponse && e.MessageId > 1).Select(e => e.Exchange)];

    private static void AssertSameKeys(ChildSa initiator, ChildSa responder)
    {
        Assert.Equal(initiator.InboundSpi, responder.OutboundSpi);
        Assert.Equal(initiator.OutboundSpi, responder.InboundSpi);
        Assert.Equal(initiator.Keys.EncryptionKeyInitiatorToResponder.ToArray(), responder.Keys.EncryptionKeyInitiatorToResponder.ToArray());
        Assert.Equal(initiator.Keys.EncryptionKeyResponderToInitiator.ToArray(), responder.Keys.EncryptionKeyResponderToInitiator.ToArray());
    }
}
