using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// A responder answers IKE_SA_INIT with the first conn its peer's address finds, and at IKE_AUTH moves to the one
/// that fits the peer's IDi (and IDr, and its kind of AUTH) before checking AUTH, so each peer gets its own PSK and
/// traffic selectors.
/// </summary>
public sealed class ResponderConnectionChoiceTests : IDisposable
{
    private static readonly string[] AnyRemote = ["10.2.0.0-10.2.255.255", "10.1.0.0-10.1.255.255"];

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryNetwork _network = new();
    private readonly List<IkeEvent> _responderEvents = [];
    private readonly IkeEngine _initiator;
    private readonly IkeEngine _responder;
    private IReadOnlyList<IkeSaOptions> _conns = [];

    public ResponderConnectionChoiceTests()
    {
        _initiator = new IkeEngine(TwoEngines.West, _network, _clock, _ => null);
        _responder = new IkeEngine(TwoEngines.East, _network, _clock, _ => _conns.Count > 0 ? _conns[0] : null) { ResponderCandidates = _ => _conns };
        _network.Attach(TwoEngines.West.Address, _initiator);
        _network.Attach(TwoEngines.East.Address, _responder);
        _responder.EventRaised += _responderEvents.Add;
    }

    [Fact]
    public void Two_road_warriors_of_any_address_each_get_their_own_conn_secret_and_traffic_selectors()
    {
        var alice = Responder("east", "alice", "alice's secret", "10.1.1.0-10.1.1.255");
        var bob = Responder("east", "bob", "bob's secret", "10.1.2.0-10.1.2.255");
        _conns = [alice, bob];

        var aliceSa = Connect(Initiator("alice", "east", "alice's secret", "10.1.1.0-10.1.1.255"));
        var bobSa = Connect(Initiator("bob", "east", "bob's secret", "10.1.2.0-10.1.2.255"));

        Assert.Equal(IkeSaState.Established, aliceSa.State);
        Assert.Equal(IkeSaState.Established, bobSa.State);
        var forAlice = ResponderSaOf(aliceSa);
        var forBob = ResponderSaOf(bobSa);
        Assert.Same(alice, forAlice.Options);
        Assert.Same(bob, forBob.Options);
        Assert.Equal("@bob", forBob.RemoteIdentity!.ToString());
        Assert.Equal(TwoEngines.Range("10.1.2.0-10.1.2.255").ToString(), Assert.Single(Assert.Single(forBob.ChildSas).RemoteTrafficSelectors).ToString());
        Assert.Equal(TwoEngines.Range("10.1.1.0-10.1.1.255").ToString(), Assert.Single(Assert.Single(forAlice.ChildSas).RemoteTrafficSelectors).ToString());

        // Only bob's SA moved: alice's conn was the one IKE_SA_INIT found.
        var switched = Assert.Single(_responderEvents.OfType<IkeSaOptionsSwitched>());
        Assert.Equal(bobSa.InitiatorSpi, switched.InitiatorSpi);
        Assert.Same(alice, switched.Previous);
        Assert.Same(bob, switched.Options);
        Assert.Equal("@bob", switched.Peer.ToString());
    }

    [Fact]
    public void An_established_responder_SA_lets_go_of_the_conn_choice_it_no_longer_needs()
    {
        var alice = Responder("east", "alice", "alice's secret", "10.1.1.0-10.1.1.255");
        _conns = [alice];

        var responderSa = ResponderSaOf(Connect(Initiator("alice", "east", "alice's secret", "10.1.1.0-10.1.1.255")));

        // Both served IKE_AUTH only; an idle IKE SA would carry them for its whole life.
        Assert.Equal(IkeSaState.Established, responderSa.State);
        Assert.Null(responderSa.ResponderCandidates);
        Assert.Null(responderSa.ChosenIkeProposal);
    }

    [Fact]
    public void A_conn_naming_the_peer_beats_an_earlier_conn_that_takes_any_peer()
    {
        var anyone = Responder("east", null, "the guests' secret", "10.1.0.0-10.1.255.255");
        var bob = Responder("east", "bob", "bob's secret", "10.1.2.0-10.1.2.255");
        _conns = [anyone, bob];

        var bobSa = Connect(Initiator("bob", "east", "bob's secret", "10.1.2.0-10.1.2.255"));
        var guestSa = Connect(Initiator("guest", "east", "the guests' secret", "10.1.9.0-10.1.9.255"));

        Assert.Equal(IkeSaState.Established, bobSa.State);
        Assert.Equal(IkeSaState.Established, guestSa.State);
        Assert.Same(bob, ResponderSaOf(bobSa).Options);
        Assert.Same(anyone, ResponderSaOf(guestSa).Options);
    }

    [Fact]
    public void The_IDr_the_initiator_asks_for_chooses_between_conns_that_take_the_same_peer()
    {
        var first = Responder("gateway-one", null, "first secret", "10.1.0.0-10.1.255.255");
        var second = Responder("gateway-two", null, "second secret", "10.1.0.0-10.1.255.255");
        _conns = [first, second];

        var sa = Connect(Initiator("alice", "gateway-two", "second secret", "10.1.1.0-10.1.1.255"));

        Assert.Equal(IkeSaState.Established, sa.State);
        Assert.Same(second, ResponderSaOf(sa).Options);
        Assert.Equal("@gateway-two", sa.RemoteIdentity!.ToString());
    }

    [Fact]
    public void A_conn_that_does_not_accept_the_IKE_proposal_already_chosen_is_not_taken()
    {
        var alice = Responder("east", "alice", "alice's secret", "10.1.1.0-10.1.1.255");
        var bob = Responder("east", "bob", "bob's secret", "10.1.2.0-10.1.2.255",
            ike: [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.ECP_256)]);
        _conns = [alice, bob];

        // Bob's Curve25519 IKE SA was answered under alice's conn; bob's own conn never allowed that group.
        var bobSa = Connect(Initiator("bob", "east", "bob's secret", "10.1.2.0-10.1.2.255"));

        Assert.Equal(IkeSaState.Failed, bobSa.State);
        Assert.Empty(_responderEvents.OfType<IkeSaOptionsSwitched>());
        Assert.Contains(_responderEvents.OfType<IkeSaFailed>(), e => e.Notify == NotifyMessageType.AUTHENTICATION_FAILED && e.Reason.Contains("not @alice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_peer_no_conn_names_is_refused_with_AUTHENTICATION_FAILED()
    {
        _conns = [Responder("east", "alice", "alice's secret", "10.1.1.0-10.1.1.255"), Responder("east", "bob", "bob's secret", "10.1.2.0-10.1.2.255")];

        var carolSa = Connect(Initiator("carol", "east", "carol's secret", "10.1.3.0-10.1.3.255"));

        Assert.Equal(IkeSaState.Failed, carolSa.State);
        Assert.Empty(_responderEvents.OfType<IkeSaOptionsSwitched>());
        Assert.Empty(_responder.Sas);
    }

    public void Dispose()
    {
        _initiator.Dispose();
        _responder.Dispose();
    }

    private static IkeSaOptions Responder(string localId, string? remoteId, string psk, string remote, IReadOnlyList<Proposal>? ike = null) =>
        TwoEngines.Options(localId, remoteId, psk, ike: ike, local: AnyRemote[0], remote: remote);

    private static IkeSaOptions Initiator(string localId, string remoteId, string psk, string local) =>
        TwoEngines.Options(localId, remoteId, psk, local: local, remote: AnyRemote[0]);

    private IkeSa Connect(IkeSaOptions options)
    {
        var sa = _initiator.Initiate(options, TwoEngines.East);
        _network.Run();
        return sa;
    }

    private IkeSa ResponderSaOf(IkeSa initiatorSa) => Assert.Single(_responder.Sas, s => s.InitiatorSpi == initiatorSa.InitiatorSpi);
}
