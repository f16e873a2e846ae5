using System.Net;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class FloodControlTests
{
    [Fact]
    public void Above_the_cookie_threshold_the_initiator_proves_its_address_with_a_COOKIE_and_then_establishes()
    {
        using var engines = new TwoEngines(eastEngine: new IkeEngineOptions { CookieThreshold = 0 });

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        var initRequests = engines.Network.Sent.Where(d => d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT && !d.IsResponse).ToList();
        Assert.Equal(2, initRequests.Count);
        var first = IkeMessage.Parse(initRequests[0].Bytes).Payloads;
        var retry = IkeMessage.Parse(initRequests[1].Bytes).Payloads;
        Assert.Equal(NotifyMessageType.COOKIE, Assert.IsType<NotifyPayload>(retry[0]).NotifyType);
        Assert.Equal(first.Select(p => p.GetBody()), retry.Skip(1).Select(p => p.GetBody()));
    }

    [Fact]
    public void Flood_of_IKE_SA_INIT_creates_no_state_beyond_the_cookie_threshold()
    {
        using var engines = new TwoEngines(eastEngine: new IkeEngineOptions { CookieThreshold = 10, BlockThreshold = 100 });
        var flood = FloodRequests(engines, 50, sameAddress: false);

        foreach (var (datagram, from) in flood)
        {
            engines.Responder.Receive(datagram, from);
        }

        Assert.Equal(10, engines.Responder.Sas.Count);
        Assert.Equal(40, engines.ResponderEvents.OfType<IkeMessageDropped>().Count(e => e.Reason.Contains("COOKIE", StringComparison.Ordinal)));
        var challenge = IkeMessage.Parse(engines.Network.Sent[^1].Bytes);
        Assert.Equal(NotifyMessageType.COOKIE, Assert.IsType<NotifyPayload>(Assert.Single(challenge.Payloads)).NotifyType);
        Assert.Equal(0ul, challenge.Header.ResponderSpi);
    }

    [Fact]
    public void A_genuine_initiator_still_gets_through_a_flood()
    {
        using var engines = new TwoEngines(eastEngine: new IkeEngineOptions { CookieThreshold = 10, BlockThreshold = 100 });
        foreach (var (datagram, from) in FloodRequests(engines, 50, sameAddress: false))
        {
            engines.Responder.Receive(datagram, from);
        }

        engines.Network.Sent.Clear();
        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
    }

    [Fact]
    public void A_peer_address_with_too_many_half_open_SAs_is_blocked()
    {
        using var engines = new TwoEngines();

        foreach (var (datagram, from) in FloodRequests(engines, 8, sameAddress: true))
        {
            engines.Responder.Receive(datagram, from);
        }

        Assert.Equal(IkeEngineOptions.Default.BlockThreshold, engines.Responder.Sas.Count);
        Assert.Equal(3, engines.ResponderEvents.OfType<IkeMessageDropped>().Count(e => e.Reason.Contains("half-open IKE SAs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Half_open_SAs_are_forgotten_after_30_seconds_but_established_ones_stay()
    {
        using var engines = new TwoEngines();
        var established = engines.Connect();
        foreach (var (datagram, from) in FloodRequests(engines, 3, sameAddress: false))
        {
            engines.Responder.Receive(datagram, from);
        }

        engines.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(4, engines.Responder.Sas.Count);
        engines.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(established.ResponderSpi, Assert.Single(engines.Responder.Sas).ResponderSpi);
        Assert.Equal(3, engines.ResponderEvents.OfType<IkeSaFailed>().Count(e => e.Reason.Contains("no IKE_AUTH", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_blocked_peer_address_is_let_in_again_once_its_half_open_SAs_expire()
    {
        using var engines = new TwoEngines();
        foreach (var (datagram, from) in FloodRequests(engines, IkeEngineOptions.Default.BlockThreshold, sameAddress: true))
        {
            engines.Responder.Receive(datagram, from);
        }

        engines.Clock.Advance(TimeSpan.FromSeconds(31));
        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.DoesNotContain(engines.ResponderEvents.OfType<IkeMessageDropped>(), e => e.Reason.Contains("half-open IKE SAs", StringComparison.Ordinal));
    }

    [Fact]
    public void Established_SAs_of_a_peer_do_not_count_as_half_open()
    {
        using var engines = new TwoEngines(eastEngine: new IkeEngineOptions { BlockThreshold = 1, CookieThreshold = 1 });

        var sas = Enumerable.Range(0, 5).Select(_ => engines.Connect()).ToList();

        Assert.All(sas, sa => Assert.Equal(IkeSaState.Established, sa.State));
        Assert.Equal(5, engines.Responder.Sas.Count);
        Assert.Empty(engines.ResponderEvents.OfType<IkeMessageDropped>());
    }

    /// <summary>IKE_SA_INIT requests as a flooding initiator sends them: real ones, never followed up.</summary>
    private static List<(byte[] Datagram, IPEndPoint From)> FloodRequests(TwoEngines engines, int count, bool sameAddress)
    {
        var flooder = new InMemoryNetwork();
        using var source = new IkeEngine(TwoEngines.West, flooder, engines.Clock, _ => null);
        var requests = new List<(byte[], IPEndPoint)>();
        for (var i = 0; i < count; i++)
        {
            source.Initiate(engines.WestOptions, TwoEngines.East);
            var from = sameAddress ? TwoEngines.West : new IPEndPoint(IPAddress.Parse($"198.51.100.{i + 1}"), 500);
            requests.Add((flooder.Sent[^1].Bytes, from));
        }

        return requests;
    }
}
