using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class LivenessTests
{
    [Fact]
    public void Idle_peer_is_probed_every_dpddelay_and_answers()
    {
        using var engines = Engines(new LivenessOptions(TimeSpan.FromSeconds(30)));
        var west = engines.Connect();

        engines.RunFor(TimeSpan.FromSeconds(95));

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(3, engines.InitiatorEvents.OfType<IkeMessageSent>().Count(e => e.Exchange == ExchangeType.INFORMATIONAL && !e.IsResponse));
        Assert.Equal(3, engines.ResponderEvents.OfType<IkeMessageSent>().Count(e => e.Exchange == ExchangeType.INFORMATIONAL && e.IsResponse));
    }

    [Fact]
    public void Without_dpddelay_no_probes_are_sent()
    {
        using var engines = Engines(liveness: null);
        engines.Connect();

        engines.RunFor(TimeSpan.FromMinutes(5));

        Assert.DoesNotContain(engines.Network.Sent, d => d.ExchangeType == (byte)ExchangeType.INFORMATIONAL);
    }

    [Fact]
    public void Peer_silent_for_dpdtimeout_is_declared_dead_then_cleared()
    {
        using var engines = Engines(new LivenessOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), LivenessAction.Clear));
        var west = engines.Connect();
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;

        // Probe at 30 s; dead 120 s later, well before the five retransmissions (165 s) would run out.
        engines.RunFor(TimeSpan.FromSeconds(149));
        Assert.Equal(IkeSaState.Established, west.State);
        engines.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Equal(LivenessAction.Clear, Assert.Single(engines.InitiatorEvents.OfType<IkePeerDead>()).Action);
        Assert.Contains("within 120 s", Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>()).Reason);
        Assert.Empty(engines.Initiator.Sas);
    }

    [Fact]
    public void Without_dpdtimeout_the_peer_is_dead_when_retransmissions_run_out()
    {
        using var engines = Engines(new LivenessOptions(TimeSpan.FromSeconds(30)));
        var west = engines.Connect();
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;

        engines.RunFor(TimeSpan.FromSeconds(30 + 164));
        Assert.Equal(IkeSaState.Established, west.State);
        engines.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(LivenessAction.Hold, Assert.Single(engines.InitiatorEvents.OfType<IkePeerDead>()).Action);
    }

    [Fact]
    public void Dead_peer_with_dpdaction_restart_is_negotiated_again_once_it_answers()
    {
        using var engines = Engines(new LivenessOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), LivenessAction.Restart));
        var first = engines.Connect();
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;
        engines.RunFor(TimeSpan.FromSeconds(31));
        Assert.Equal(IkeSaState.Failed, first.State);

        engines.Network.Filter = _ => InMemoryNetwork.Fate.Deliver;
        engines.RunFor(TimeSpan.FromSeconds(20));

        var second = Assert.Single(engines.Initiator.Sas);
        Assert.NotEqual(first.InitiatorSpi, second.InitiatorSpi);
        Assert.Equal(IkeSaState.Established, second.State);
    }

    [Fact]
    public void Dead_peer_with_dpdaction_restart_that_first_refuses_the_new_IKE_SA_is_tried_again_until_it_accepts()
    {
        // keyingtries=%forever, libreswan's default.
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", liveness: new LivenessOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), LivenessAction.Restart), keyingTries: 0),
            TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var accepting = engines.EastOptions;
        var first = engines.Connect();
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;
        engines.RunFor(TimeSpan.FromSeconds(31));

        // The peer is back but its conn is not loaded yet: it refuses every proposal, as pluto does then.
        engines.EastOptions = TwoEngines.Options(
            "east", "west", ike: [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_CBC, 128, IntegrityTransformId.AUTH_HMAC_SHA2_256_128, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.MODP_2048)]);
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Deliver;
        engines.RunFor(TimeSpan.FromSeconds(12));
        Assert.Contains(engines.InitiatorEvents.OfType<IkeSaFailed>(), e => e.Notify == NotifyMessageType.NO_PROPOSAL_CHOSEN);

        engines.EastOptions = accepting;
        engines.RunFor(TimeSpan.FromSeconds(6));

        var revived = Assert.Single(engines.Initiator.Sas);
        Assert.NotEqual(first.InitiatorSpi, revived.InitiatorSpi);
        Assert.Equal(IkeSaState.Established, revived.State);
    }

    private static TwoEngines Engines(LivenessOptions? liveness) => new(
        TwoEngines.Options("west", "east", liveness: liveness),
        TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
}
