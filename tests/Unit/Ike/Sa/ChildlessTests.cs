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
