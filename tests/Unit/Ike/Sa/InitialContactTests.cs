using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>RFC 7296 §2.4: INITIAL_CONTACT in IKE_AUTH, sent by an initiator that holds no other IKE SA with the peer.</summary>
public sealed class InitialContactTests
{
    [Fact]
    public void An_initiator_asked_to_send_INITIAL_CONTACT_is_seen_by_the_responder_to_have_sent_it()
    {
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", initialContact: true));

        engines.Connect();

        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.True(engines.ResponderSa.PeerSentInitialContact);
    }

    [Fact]
    public void Without_it_the_responder_sees_none()
    {
        using var engines = new TwoEngines();

        engines.Connect();

        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.False(engines.ResponderSa.PeerSentInitialContact);
    }
}
