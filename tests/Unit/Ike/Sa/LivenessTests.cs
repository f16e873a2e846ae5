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

    private static TwoEngines Engines(LivenessOptions? liveness) => new(
        TwoEngines.Options("west", "east", liveness: liveness),
        TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
}
