using System.Buffers.Binary;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>The responder's Message ID window (RFC 7296 §2.3), driven by requests west's keys make out of order.</summary>
public sealed class MessageWindowTests
{
    [Fact]
    public void Window_above_one_is_announced_with_SET_WINDOW_SIZE_in_IKE_AUTH_and_the_default_is_not()
    {
        using var engines = Engines(eastWindow: 4);
        var west = engines.Connect();

        var response = engines.Network.Sent.Single(d => d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_AUTH);
        var request = engines.Network.Sent.Single(d => !d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_AUTH);
        var notify = west.Inbound!.Decrypt((EncryptedPayload)IkeMessage.Parse(response.Bytes).Payloads[^1]).FindNotify(NotifyMessageType.SET_WINDOW_SIZE);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(notify!.NotificationData.Span));
        Assert.Null(engines.ResponderSa.Inbound!.Decrypt((EncryptedPayload)IkeMessage.Parse(request.Bytes).Payloads[^1]).FindNotify(NotifyMessageType.SET_WINDOW_SIZE));
    }

    [Fact]
    public void Requests_within_the_window_are_answered_in_the_order_they_arrive()
    {
        using var engines = Engines(eastWindow: 3);
        var west = engines.Connect();

        Send(engines, west, 4, 3, 2);

        Assert.Equal([4u, 3u, 2u], Answered(engines));
        Assert.Equal(5u, engines.ResponderSa.ExpectedRequestId);
        Assert.Empty(engines.ResponderEvents.OfType<IkeMessageDropped>());
    }

    [Fact]
    public void Request_beyond_the_window_is_dropped_while_a_lower_one_is_unanswered()
    {
        using var engines = Engines(eastWindow: 2);
        var west = engines.Connect();

        Send(engines, west, 3, 4);

        Assert.Equal([3u], Answered(engines));
        Assert.Contains("request 4 where 2-3 was expected", Assert.Single(engines.ResponderEvents.OfType<IkeMessageDropped>()).Reason);
    }

    [Fact]
    public void Retransmitted_requests_get_their_own_cached_responses_for_as_many_as_the_window_holds()
    {
        using var engines = Engines(eastWindow: 2);
        var west = engines.Connect();
        Send(engines, west, 2, 3, 4);
        var first = engines.Network.Sent.Where(IsInformationalResponse).ToDictionary(MessageId, d => d.Bytes);
        var processed = engines.ResponderEvents.OfType<IkeMessageReceived>().Count();

        Send(engines, west, 4, 3, 2);

        var resent = engines.Network.Sent.Where(IsInformationalResponse).Skip(3).ToList();
        Assert.Equal([4u, 3u], resent.Select(MessageId));
        Assert.All(resent, d => Assert.Equal(first[MessageId(d)], d.Bytes));
        Assert.Equal(processed, engines.ResponderEvents.OfType<IkeMessageReceived>().Count());
        Assert.Contains("request 2 where 5-6 was expected", Assert.Single(engines.ResponderEvents.OfType<IkeMessageDropped>()).Reason);
    }

    [Fact]
    public void Without_a_window_a_request_ahead_of_the_expected_one_is_dropped()
    {
        using var engines = Engines(eastWindow: 1);
        var west = engines.Connect();

        Send(engines, west, 3, 2);

        Assert.Equal([2u], Answered(engines));
        Assert.Contains("request 3 where 2 was expected", Assert.Single(engines.ResponderEvents.OfType<IkeMessageDropped>()).Reason);
    }

    [Fact]
    public void Initiator_sends_as_many_requests_as_the_peers_window_before_waiting_for_the_first_response()
    {
        using var engines = Engines(eastWindow: 3);
        var west = engines.Connect();
        Assert.Equal(3u, west.PeerWindowSize);

        for (var i = 0; i < 4; i++)
        {
            engines.Initiator.CreateChildSa(west);
        }

        Assert.Equal([2u, 3u, 4u], Requests(engines));
        engines.Network.Run();

        Assert.Equal([2u, 3u, 4u, 5u], Requests(engines));
        Assert.Equal(5, west.ChildSas.Count);
        Assert.Equal(west.ChildSas.Select(c => c.InboundSpi).Order(), engines.ResponderSa.ChildSas.Select(c => c.OutboundSpi).Order());
        var sent = engines.Network.Sent;
        Assert.True(sent.FindIndex(d => !d.IsResponse && MessageId(d) == 5) > sent.FindIndex(d => d.IsResponse && d.ExchangeType == (byte)ExchangeType.CREATE_CHILD_SA && MessageId(d) == 2));
    }

    [Fact]
    public void Without_the_peers_SET_WINDOW_SIZE_requests_go_one_at_a_time()
    {
        using var engines = Engines(eastWindow: 1);
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Initiator.CreateChildSa(west);

        Assert.Equal([2u], Requests(engines));
        engines.Network.Run();
        Assert.Equal([2u, 3u], Requests(engines));
        Assert.Equal(3, west.ChildSas.Count);
    }

    [Fact]
    public void IKE_SA_rekey_waits_for_the_requests_in_flight_and_then_has_the_window_to_itself()
    {
        using var engines = Engines(eastWindow: 3);
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Initiator.RekeyIkeSa(west);
        engines.Initiator.CreateChildSa(west);

        Assert.Equal([2u], Requests(engines));
        engines.Network.Run();

        Assert.Equal([2u, 3u], Requests(engines, west)); // the rekey, once 2 was answered; the Child SA after it waited for it
        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>());
        Assert.Single(engines.InitiatorEvents.OfType<IkeSaRekeyed>());
    }

    [Fact]
    public void Lost_response_inside_the_window_is_recovered_by_retransmitting_that_request_alone()
    {
        using var engines = Engines(eastWindow: 2);
        var west = engines.Connect();
        engines.Network.DropFirstResponse(ExchangeType.CREATE_CHILD_SA);

        engines.Initiator.CreateChildSa(west);
        engines.Initiator.CreateChildSa(west);
        engines.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(3, west.ChildSas.Count);
        Assert.Equal(3, engines.ResponderSa.ChildSas.Count);
        Assert.Equal([2u], engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => e.IsRetransmission).Select(e => e.MessageId));
    }

    [Fact]
    public void Fragments_of_two_requests_in_the_window_arriving_interleaved_are_each_reassembled()
    {
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", fragmentSize: 120),
            TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", fragmentSize: 120, windowSize: 2));
        var west = engines.Connect();
        var heldBack = false;
        engines.Network.Filter = d =>
        {
            // The first fragment of request 2 arrives last, after all of request 3.
            if (!heldBack && !d.IsResponse && d.ExchangeType == (byte)ExchangeType.CREATE_CHILD_SA)
            {
                heldBack = true;
                return InMemoryNetwork.Fate.Reorder;
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        engines.Initiator.CreateChildSa(west);
        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.All(engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => e.Exchange == ExchangeType.CREATE_CHILD_SA), e => Assert.True(e.Datagrams > 1));
        Assert.Equal(3, west.ChildSas.Count);
        Assert.Equal(3, engines.ResponderSa.ChildSas.Count);
        Assert.DoesNotContain(engines.InitiatorEvents.OfType<IkeMessageSent>(), e => e.IsRetransmission);
    }

    [Fact]
    public void Retry_after_INVALID_KE_PAYLOAD_waits_for_room_in_the_window()
    {
        var aesGcm = TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null);
        Proposal WithGroups(params KeyExchangeTransformId[] groups) => new(aesGcm.Number, aesGcm.ProtocolId, aesGcm.Spi, [.. aesGcm.Transforms, .. groups.Select(g => Transform.KeyExchange(g))]);
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", esp: [WithGroups(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256)]),
            TwoEngines.Options("east", "west", esp: [WithGroups(KeyExchangeTransformId.ECP_256)], local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", windowSize: 2));
        var west = engines.Connect();
        var heldBack = false;
        engines.Network.Filter = d =>
        {
            // East's INVALID_KE_PAYLOAD for request 2 arrives after the one for request 3.
            if (!heldBack && d.IsResponse && d.ExchangeType == (byte)ExchangeType.CREATE_CHILD_SA)
            {
                heldBack = true;
                return InMemoryNetwork.Fate.Reorder;
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        engines.Initiator.CreateChildSa(west);
        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal([2u, 3u, 4u, 5u], Requests(engines));
        var events = engines.InitiatorEvents;
        Assert.True(events.FindIndex(e => e is IkeMessageSent { IsResponse: false, MessageId: 4 })
            > events.FindIndex(e => e is IkeMessageReceived { Exchange: ExchangeType.CREATE_CHILD_SA, MessageId: 2 }));
        Assert.Equal(3, west.ChildSas.Count);
        Assert.All(west.ChildSas.Skip(1), c => Assert.Contains(c.Proposal.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)KeyExchangeTransformId.ECP_256));
    }

    [Fact]
    public void Window_smaller_than_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoEngines.Options("east", "west", windowSize: 0));
    }

    private static TwoEngines Engines(int eastWindow) =>
        new(east: TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255", windowSize: eastWindow));

    /// <summary>Empty INFORMATIONAL requests (liveness checks) from west with these Message IDs, one after the other, delivered.</summary>
    private static void Send(TwoEngines engines, IkeSa west, params uint[] messageIds)
    {
        foreach (var id in messageIds)
        {
            var header = new IkeHeader(west.InitiatorSpi, west.ResponderSpi, PayloadType.NoNextPayload, ExchangeType.INFORMATIONAL, IkeHeaderFlags.Initiator, id, 0);
            engines.Network.Send(west.Outbound!.Encrypt(header, []), west.Local, west.Remote);
            engines.Network.Run();
        }
    }

    /// <summary>The Message IDs of west's CREATE_CHILD_SA requests so far (on <paramref name="sa"/> alone if given), retransmissions left out.</summary>
    private static List<uint> Requests(TwoEngines engines, IkeSa? sa = null) =>
    [
        .. engines.InitiatorEvents.OfType<IkeMessageSent>()
            .Where(e => !e.IsResponse && !e.IsRetransmission && e.Exchange == ExchangeType.CREATE_CHILD_SA && (sa is null || e.InitiatorSpi == sa.InitiatorSpi))
            .Select(e => e.MessageId),
    ];

    private static List<uint> Answered(TwoEngines engines) => [.. engines.Network.Sent.Where(IsInformationalResponse).Select(MessageId)];

    private static bool IsInformationalResponse(InMemoryNetwork.Datagram d) => d.IsResponse && d.ExchangeType == (byte)ExchangeType.INFORMATIONAL;

    private static uint MessageId(InMemoryNetwork.Datagram d) => IkeMessage.Parse(d.Bytes).Header.MessageId;
}
