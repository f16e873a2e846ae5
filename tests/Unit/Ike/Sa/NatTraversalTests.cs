using System.Net;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class NatTraversalTests
{
    private static readonly IPAddress NatOutside = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void Without_a_NAT_both_sides_stay_on_port_500()
    {
        using var engines = new TwoEngines();

        var west = engines.Connect();

        Assert.False(west.NatDetected);
        Assert.False(engines.ResponderSa.NatDetected);
        Assert.All(engines.Network.Sent, d => Assert.Equal(500, d.To.Port));
        Assert.False(Assert.Single(west.ChildSas).UdpEncapsulation);
    }

    [Fact]
    public void NAT_rewriting_the_initiators_address_is_detected_and_IKE_floats_to_port_4500()
    {
        using var engines = new TwoEngines();
        engines.Network.AddNat(TwoEngines.West.Address, NatOutside);

        var west = engines.Connect();
        var east = engines.ResponderSa;

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.True(west.LocalBehindNat);
        Assert.False(west.RemoteBehindNat);
        Assert.True(east.RemoteBehindNat);
        Assert.False(east.LocalBehindNat);
        Assert.All(engines.Network.Sent.Where(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH), d => Assert.Contains(4500, new[] { d.From.Port, d.To.Port }));
        Assert.Equal(new IPEndPoint(NatOutside, 44500), east.Remote);
        Assert.Equal(new IPEndPoint(TwoEngines.East.Address, 4500), east.Local);
        Assert.True(Assert.Single(west.ChildSas).UdpEncapsulation);
        Assert.True(Assert.Single(east.ChildSas).UdpEncapsulation);
    }

    [Fact]
    public void A_peer_that_moves_to_port_4500_without_a_NAT_is_answered_from_and_to_port_4500()
    {
        using var engines = new TwoEngines();
        var westNatT = new IPEndPoint(TwoEngines.West.Address, 4500);
        var eastNatT = new IPEndPoint(TwoEngines.East.Address, 4500);
        InMemoryNetwork.Datagram? authRequest = null;
        engines.Network.Filter = d =>
        {
            if (d.ExchangeType != (byte)ExchangeType.IKE_AUTH || d.IsResponse || authRequest is not null)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            authRequest = d;
            return InMemoryNetwork.Fate.Drop;
        };
        var west = engines.Initiator.Initiate(engines.WestOptions, TwoEngines.East);
        engines.Network.Run();

        // As strongSwan does: IKE_AUTH from and to port 4500 (the socket has taken the non-ESP marker off).
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Deliver;
        engines.Responder.Receive(authRequest!.Bytes, westNatT, eastNatT);
        engines.Network.Run();

        var response = Assert.Single(engines.Network.Sent, d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH && d.IsResponse);
        Assert.Equal(eastNatT, response.From);
        Assert.Equal(westNatT, response.To);
        Assert.False(engines.ResponderSa.NatDetected);
        Assert.Equal(IkeSaState.Established, west.State);
    }

    [Fact]
    public void The_side_behind_the_NAT_sends_keepalives_every_20_seconds()
    {
        using var engines = new TwoEngines();
        engines.Network.AddNat(TwoEngines.West.Address, NatOutside);
        engines.Connect();
        var before = engines.Network.Sent.Count;

        engines.Clock.Advance(TimeSpan.FromSeconds(60));

        var keepalives = engines.Network.Sent.Skip(before).ToList();
        Assert.Equal(3, keepalives.Count);
        Assert.All(keepalives, k => Assert.Equal(new byte[] { 0xff }, k.Bytes));
        Assert.All(keepalives, k => Assert.Equal(new IPEndPoint(TwoEngines.East.Address, 4500), k.To));
        engines.Network.Run();
        Assert.DoesNotContain(engines.ResponderEvents, e => e is IkeMessageDropped);
    }

    [Fact]
    public void NAT_detection_hash_is_SHA1_of_the_SPIs_address_and_port()
    {
        var hash = NatDetection.Hash(0x0102030405060708, 0, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 500));

#pragma warning disable CA5350 // RFC 7296 §2.23 specifies SHA-1 here.
        Assert.Equal(
            System.Security.Cryptography.SHA1.HashData(Convert.FromHexString("0102030405060708" + "0000000000000000" + "c0000201" + "01f4")),
            hash);
#pragma warning restore CA5350
    }
}
