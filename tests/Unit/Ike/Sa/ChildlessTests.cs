using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>RFC 6023: an IKE SA without a Child SA in IKE_AUTH.</summary>
public sealed class ChildlessTests
{
    [Fact]
    public void A_childless_initiator_establishes_the_IKE_SA_alone_and_the_responder_answers_without_SA_or_TS()
    {
        using var engines = new TwoEngines(Childless(TwoEngines.Options("west", "east")));

        var west = engines.Connect();
        var east = engines.ResponderSa;

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, east.State);
        Assert.Empty(west.ChildSas);
        Assert.Empty(east.ChildSas);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaFailed>());
        Assert.Empty(engines.ResponderEvents.OfType<ChildSaFailed>());
        Assert.Equal(4, engines.Network.Sent.Count);
    }

    [Fact]
    public void Both_sides_announce_CHILDLESS_IKEV2_SUPPORTED_in_IKE_SA_INIT()
    {
        using var engines = new TwoEngines();

        engines.Connect();

        var init = engines.Network.Sent.Where(d => d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT).ToList();
        Assert.Equal(2, init.Count);
        Assert.All(init, d => Assert.NotNull(IkeMessage.Parse(d.Bytes).Payloads.FindNotify(NotifyMessageType.CHILDLESS_IKEV2_SUPPORTED)));
    }

    [Fact]
    public void An_established_childless_responder_SA_has_made_none_of_the_collections_it_did_not_use()
    {
        using var engines = new TwoEngines(Childless(TwoEngines.Options("west", "east")));
        engines.Connect();
        var east = engines.ResponderSa;

        // A daemon holds thousands of such SAs (issue 9): requests of its own, queued exchanges, fragments, rekey
        // collisions, Child SAs and undelivered events are made on first use.
        var made = typeof(IkeSa).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(f => f.Name.StartsWith('_') && f.FieldType.IsGenericType && f.FieldType.Namespace == "System.Collections.Generic" && f.GetValue(east) is not null)
            .Select(f => f.Name);
        Assert.Empty(made);
        Assert.Equal(IkeSaState.Established, east.State);
        Assert.False(east.HasInFlight);
        Assert.False(east.HasQueued);
        Assert.Empty(east.ChildSas);
    }

    [Fact]
    public void An_established_childless_SA_makes_its_queue_and_requests_when_it_first_needs_them()
    {
        using var engines = new TwoEngines(Childless(TwoEngines.Options("west", "east")));
        engines.Connect();
        var east = engines.ResponderSa;
        var sent = engines.Network.Sent.Count;

        engines.Responder.CheckLiveness(east);
        engines.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(IkeSaState.Established, east.State);
        Assert.False(east.HasInFlight);
        Assert.Equal(2, engines.Network.Sent.Count - sent);
        Assert.Single(engines.Network.Sent.Skip(sent), d => d.IsResponse && d.ExchangeType == (byte)ExchangeType.INFORMATIONAL);
    }

    private static IkeSaOptions Childless(IkeSaOptions options) => new()
    {
        IkeProposals = options.IkeProposals,
        ChildProposals = options.ChildProposals,
        LocalIdentity = options.LocalIdentity,
        RemoteIdentity = options.RemoteIdentity,
        PreSharedKey = options.PreSharedKey,
        LocalTrafficSelectors = options.LocalTrafficSelectors,
        RemoteTrafficSelectors = options.RemoteTrafficSelectors,
        Childless = true,
    };
}
