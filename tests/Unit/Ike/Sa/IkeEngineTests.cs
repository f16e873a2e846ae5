using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class IkeEngineTests
{
    public static TheoryData<EncryptionTransformId, int?, IntegrityTransformId?, PrfTransformId, KeyExchangeTransformId> Suites => new()
    {
        { EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519 },
        { EncryptionTransformId.ENCR_AES_GCM_16, 128, null, PrfTransformId.PRF_HMAC_SHA2_384, KeyExchangeTransformId.ECP_384 },
        { EncryptionTransformId.ENCR_CHACHA20_POLY1305, null, null, PrfTransformId.PRF_HMAC_SHA2_512, KeyExchangeTransformId.ECP_256 },
        { EncryptionTransformId.ENCR_AES_CBC, 128, IntegrityTransformId.AUTH_HMAC_SHA2_256_128, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.MODP_2048 },
        { EncryptionTransformId.ENCR_AES_CBC, 256, IntegrityTransformId.AUTH_HMAC_SHA2_512_256, PrfTransformId.PRF_HMAC_SHA2_512, KeyExchangeTransformId.CURVE448 },
        { EncryptionTransformId.ENCR_AES_CBC, 256, IntegrityTransformId.AUTH_HMAC_SHA2_384_192, PrfTransformId.PRF_HMAC_SHA2_384, KeyExchangeTransformId.ECP_521 },
        { EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.MODP_3072 },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void IKE_SA_INIT_and_IKE_AUTH_establish_an_IKE_SA_and_a_Child_SA_with_a_PSK(
        EncryptionTransformId encryption, int? keyLength, IntegrityTransformId? integrity, PrfTransformId prf, KeyExchangeTransformId method)
    {
        Proposal[] ike = [TwoEngines.IkeProposal(encryption, keyLength, integrity, prf, method)];
        Proposal[] esp = [TwoEngines.EspProposal(EncryptionTransformId.ENCR_AES_CBC, 128, IntegrityTransformId.AUTH_HMAC_SHA2_256_128)];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", ike: ike, esp: esp),
            TwoEngines.Options("east", "west", ike: ike, esp: esp, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));

        var west = engines.Connect();
        var east = engines.ResponderSa;

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, east.State);
        Assert.Equal(west.ResponderSpi, east.ResponderSpi);
        Assert.Equal(method, west.Algorithms!.KeyExchange);
        Assert.Equal("@east", west.RemoteIdentity!.ToString());
        Assert.Equal("@west", east.RemoteIdentity!.ToString());
        var westChild = Assert.Single(west.ChildSas);
        var eastChild = Assert.Single(east.ChildSas);
        Assert.Equal(westChild.InboundSpi, eastChild.OutboundSpi);
        Assert.Equal(westChild.OutboundSpi, eastChild.InboundSpi);
        Assert.Equal(westChild.Keys.EncryptionKeyInitiatorToResponder.ToArray(), eastChild.Keys.EncryptionKeyInitiatorToResponder.ToArray());
        Assert.Equal(westChild.Keys.IntegrityKeyResponderToInitiator.ToArray(), eastChild.Keys.IntegrityKeyResponderToInitiator.ToArray());
        Assert.Equal(16, westChild.Keys.EncryptionKeyInitiatorToResponder.Length);
        Assert.Equal(32, westChild.Keys.IntegrityKeyInitiatorToResponder.Length);
        Assert.Equal(4, engines.Network.Sent.Count);
    }

    [Fact]
    public void Responder_preferring_another_group_answers_INVALID_KE_PAYLOAD_and_the_initiator_retries_with_it()
    {
        using var engines = TwoEngines.WithIkeGroups([KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256], [KeyExchangeTransformId.ECP_256]);

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(KeyExchangeTransformId.ECP_256, west.Algorithms!.KeyExchange);
        Assert.Equal(2, engines.InitiatorEvents.OfType<IkeMessageSent>().Count(e => e.Exchange == ExchangeType.IKE_SA_INIT));
        Assert.Contains(engines.ResponderEvents.OfType<IkeSaFailed>(), e => e.Notify == NotifyMessageType.INVALID_KE_PAYLOAD);
    }

    [Fact]
    public void A_late_INVALID_KE_PAYLOAD_answering_a_retransmission_is_ignored_once_the_initiator_has_moved_to_that_group()
    {
        Proposal[] westIke = [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.CURVE25519)];
        Proposal[] eastIke = [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519)];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", ike: westIke),
            TwoEngines.Options("east", "west", ike: eastIke, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));

        // The first request and its retransmission both reach east before any answer reaches west (a slow path).
        var duplicated = false;
        engines.Network.Filter = d =>
        {
            if (d.ExchangeType != (byte)ExchangeType.IKE_SA_INIT || d.IsResponse || duplicated)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            duplicated = true;
            return InMemoryNetwork.Fate.Duplicate;
        };
        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(KeyExchangeTransformId.CURVE25519, west.Algorithms!.KeyExchange);
        Assert.Contains(engines.InitiatorEvents.OfType<IkeMessageDropped>(), e => e.Reason.Contains("late IKE_SA_INIT response", StringComparison.Ordinal));
    }

    [Fact]
    public void No_common_IKE_proposal_fails_with_NO_PROPOSAL_CHOSEN_naming_both_sides_offers()
    {
        Proposal[] westIke = [TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_CBC, 128, IntegrityTransformId.AUTH_HMAC_SHA2_256_128, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.MODP_2048)];
        using var engines = new TwoEngines(west: TwoEngines.Options("west", "east", ike: westIke));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Equal(NotifyMessageType.NO_PROPOSAL_CHOSEN, Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>()).Notify);
        var refusal = Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>());
        Assert.Contains("peer offered IKE:ENCR_AES_CBC_128/AUTH_HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", refusal.Reason);
        Assert.Contains("we accept IKE:ENCR_AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519", refusal.Reason);
        Assert.Empty(engines.Initiator.Sas);
        Assert.Empty(engines.Responder.Sas);
    }

    [Fact]
    public void Wrong_pre_shared_key_fails_with_AUTHENTICATION_FAILED_on_both_sides()
    {
        using var engines = new TwoEngines(west: TwoEngines.Options("west", "east", psk: "not the secret"));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>()).Notify);
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Notify);
        Assert.Empty(engines.Responder.Sas);
        Assert.Empty(engines.InitiatorEvents.OfType<ChildSaEstablished>());
    }

    [Fact]
    public void Initiator_refuses_a_responder_with_an_unexpected_identity()
    {
        using var engines = new TwoEngines(west: TwoEngines.Options("west", "north"));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Contains("not @north", Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>()).Reason);
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>()).Notify);
        Assert.Empty(engines.Responder.Sas);
    }

    [Fact]
    public void Child_SA_without_a_common_ESP_proposal_is_refused_while_the_IKE_SA_stays_up()
    {
        Proposal[] esp = [TwoEngines.EspProposal(EncryptionTransformId.ENCR_CHACHA20_POLY1305, null, null)];
        using var engines = new TwoEngines(west: TwoEngines.Options("west", "east", esp: esp));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.Empty(west.ChildSas);
        Assert.Equal(NotifyMessageType.NO_PROPOSAL_CHOSEN, Assert.Single(engines.InitiatorEvents.OfType<ChildSaFailed>()).Notify);
    }

    [Fact]
    public void Disjoint_traffic_selectors_are_TS_UNACCEPTABLE()
    {
        using var engines = new TwoEngines(west: TwoEngines.Options("west", "east", remote: "10.9.0.0-10.9.255.255"));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(NotifyMessageType.TS_UNACCEPTABLE, Assert.Single(engines.InitiatorEvents.OfType<ChildSaFailed>()).Notify);
        Assert.Empty(engines.ResponderSa.ChildSas);
    }

    [Fact]
    public void Traffic_selectors_are_narrowed_to_the_responders_policy()
    {
        using var engines = new TwoEngines(east: TwoEngines.Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.5.0-10.1.5.255"));

        var west = engines.Connect();

        var child = Assert.Single(west.ChildSas);
        Assert.Equal("10.1.5.0-10.1.5.255 proto 0 ports 0-65535", Assert.Single(child.LocalTrafficSelectors).ToString());
        Assert.Equal("10.2.0.0-10.2.255.255 proto 0 ports 0-65535", Assert.Single(child.RemoteTrafficSelectors).ToString());
    }

    [Fact]
    public void Lost_requests_are_retransmitted_after_4_then_7_2_seconds()
    {
        using var engines = new TwoEngines();
        var dropped = 0;
        engines.Network.Filter = d => !d.IsResponse && dropped++ < 2 ? InMemoryNetwork.Fate.Drop : InMemoryNetwork.Fate.Deliver;

        var west = engines.Connect();
        Assert.Equal(IkeSaState.Connecting, west.State);
        engines.Clock.Advance(TimeSpan.FromSeconds(3.9));
        engines.Network.Run();
        Assert.Equal(IkeSaState.Connecting, west.State);
        engines.Clock.Advance(TimeSpan.FromSeconds(0.1));
        engines.Network.Run();
        Assert.Equal(IkeSaState.Connecting, west.State);
        engines.Clock.Advance(TimeSpan.FromSeconds(7.2));
        engines.Network.Run();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(2, engines.InitiatorEvents.OfType<IkeMessageSent>().Count(e => e.IsRetransmission));
    }

    [Fact]
    public void Retransmitted_request_whose_response_was_lost_gets_the_cached_response_again()
    {
        using var engines = new TwoEngines();
        var droppedAuthResponse = false;
        engines.Network.Filter = d =>
        {
            if (d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_AUTH && !droppedAuthResponse)
            {
                droppedAuthResponse = true;
                return InMemoryNetwork.Fate.Drop;
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        var west = engines.Connect();
        engines.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Single(engines.ResponderSa.ChildSas);
        Assert.Single(engines.ResponderEvents.OfType<ChildSaEstablished>());
        Assert.Single(engines.ResponderEvents.OfType<IkeMessageSent>(), e => e.IsRetransmission && e.Exchange == ExchangeType.IKE_AUTH);
    }

    [Fact]
    public void IKE_SA_INIT_retransmitted_after_IKE_AUTH_is_answered_with_the_IKE_SA_INIT_response()
    {
        using var engines = new TwoEngines();
        engines.Connect();
        var initRequest = engines.Network.Sent.First(d => !d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT);
        var initResponse = engines.Network.Sent.First(d => d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT);
        var sent = engines.Network.Sent.Count;

        engines.Responder.Receive(initRequest.Bytes, initRequest.From, initRequest.To);

        Assert.Equal(initResponse.Bytes, Assert.Single(engines.Network.Sent.Skip(sent)).Bytes);
    }

    [Fact]
    public void A_different_IKE_SA_INIT_with_the_same_SPI_after_IKE_AUTH_is_dropped_not_answered()
    {
        using var engines = new TwoEngines();
        engines.Connect();
        var initRequest = engines.Network.Sent.First(d => !d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT);
        var altered = initRequest.Bytes.ToArray();
        altered[^1] ^= 0x01;
        var sent = engines.Network.Sent.Count;

        engines.Responder.Receive(altered, initRequest.From, initRequest.To);

        Assert.Equal(sent, engines.Network.Sent.Count);
        Assert.Contains(engines.ResponderEvents.OfType<IkeMessageDropped>(), e => e.Reason.Contains("different IKE_SA_INIT", StringComparison.Ordinal));
    }

    [Fact]
    public void Once_established_neither_side_keeps_the_IKE_SA_INIT_request_and_only_the_responder_keeps_its_response()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        var east = engines.ResponderSa;

        Assert.Empty(west.InitRequest);
        Assert.Empty(west.InitResponse);
        Assert.Empty(east.InitRequest);
        Assert.NotEmpty(east.InitResponse);
    }

    [Fact]
    public void Silent_peer_fails_the_SA_after_five_retransmissions_about_165_seconds()
    {
        using var engines = new TwoEngines();
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;

        var west = engines.Connect();
        engines.RunFor(TimeSpan.FromSeconds(164));
        Assert.Equal(IkeSaState.Connecting, west.State);
        engines.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(IkeSaState.Failed, west.State);
        var failure = Assert.Single(engines.InitiatorEvents.OfType<IkeSaFailed>());
        Assert.Null(failure.Notify);
        Assert.Equal(6, engines.Network.Sent.Count);
        Assert.Empty(engines.Initiator.Sas);
    }

    [Fact]
    public void Keyingtries_negotiates_again_with_a_new_SA_after_an_attempt_goes_unanswered()
    {
        var quick = new RetransmissionOptions(TimeSpan.FromSeconds(1), 2, 1);
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", retransmission: quick, keyingTries: 3));
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;

        var first = engines.Connect();
        engines.RunFor(TimeSpan.FromSeconds(3.5));
        Assert.Equal(IkeSaState.Failed, first.State);
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Deliver;
        engines.RunFor(TimeSpan.FromSeconds(10));

        var second = Assert.Single(engines.Initiator.Sas);
        Assert.NotEqual(first.InitiatorSpi, second.InitiatorSpi);
        Assert.Equal(IkeSaState.Established, second.State);
    }

    [Fact]
    public void Keyingtries_gives_up_after_the_last_attempt()
    {
        var quick = new RetransmissionOptions(TimeSpan.FromSeconds(1), 2, 1);
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", retransmission: quick, keyingTries: 3));
        engines.Network.Filter = _ => InMemoryNetwork.Fate.Drop;

        engines.Connect();
        engines.RunFor(TimeSpan.FromMinutes(1));

        Assert.Equal(3, engines.InitiatorEvents.OfType<IkeSaFailed>().Count());
        Assert.Equal(6, engines.Network.Sent.Count);
        Assert.Empty(engines.Initiator.Sas);
    }

    [Fact]
    public void IKE_AUTH_larger_than_the_fragment_size_travels_in_RFC_7383_fragments()
    {
        using var engines = new TwoEngines(
            TwoEngines.Options("west-with-a-rather-long-identity.example.org", "east", fragmentSize: 200),
            TwoEngines.Options("east", null, fragmentSize: 200, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Contains(engines.InitiatorEvents.OfType<IkeMessageSent>(), e => e.Exchange == ExchangeType.IKE_AUTH && e.Datagrams > 1);
        Assert.All(engines.Network.Sent.Where(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH), d => Assert.InRange(d.Bytes.Length, 0, 200));
    }

    [Fact]
    public void Retransmitted_fragmented_request_is_answered_once_not_once_per_fragment()
    {
        using var engines = new TwoEngines(
            TwoEngines.Options("west-with-a-rather-long-identity.example.org", "east", fragmentSize: 200),
            TwoEngines.Options("east", null, fragmentSize: 200, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var droppedResponse = false;
        engines.Network.Filter = d =>
        {
            if (d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_AUTH && !droppedResponse)
            {
                droppedResponse = true;
                return InMemoryNetwork.Fate.Drop;
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        var west = engines.Connect();
        engines.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.True(engines.InitiatorEvents.OfType<IkeMessageSent>().Single(e => e.Exchange == ExchangeType.IKE_AUTH && e.IsRetransmission).Datagrams > 1);
        Assert.Single(engines.ResponderEvents.OfType<IkeMessageSent>(), e => e.Exchange == ExchangeType.IKE_AUTH && e.IsRetransmission);
    }

    [Fact]
    public void Duplicated_and_reordered_datagrams_do_not_disturb_establishment()
    {
        using var engines = new TwoEngines();
        var count = 0;
        engines.Network.Filter = _ => count++ % 2 == 0 ? InMemoryNetwork.Fate.Duplicate : InMemoryNetwork.Fate.Reorder;

        var west = engines.Connect();
        engines.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Single(engines.ResponderSa.ChildSas);
        Assert.Single(west.ChildSas);
    }

    [Fact]
    public void Liveness_check_is_answered_and_delete_removes_the_SA_on_both_sides()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();

        engines.Initiator.CheckLiveness(west);
        engines.Network.Run();
        engines.Initiator.Delete(west);
        engines.Network.Run();

        Assert.Equal(2, engines.ResponderEvents.OfType<IkeMessageSent>().Count(e => e.Exchange == ExchangeType.INFORMATIONAL));
        Assert.Equal(IkeSaState.Deleted, west.State);
        Assert.Empty(engines.Initiator.Sas);
        Assert.Empty(engines.Responder.Sas);
    }

    [Fact]
    public void Malformed_IKE_SA_INIT_request_is_answered_with_INVALID_SYNTAX_and_creates_no_state()
    {
        using var engines = new TwoEngines();
        byte[] shortNonce = SampleMessages.RawMessage(PayloadType.Nonce, SampleMessages.RawPayload(PayloadType.NoNextPayload, false, new byte[8]));

        engines.Responder.Receive(shortNonce, TwoEngines.West);

        var reply = IkeMessage.Parse(Assert.Single(engines.Network.Sent).Bytes);
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, Assert.IsType<NotifyPayload>(Assert.Single(reply.Payloads)).NotifyType);
        Assert.True(reply.Header.IsResponse);
        Assert.Empty(engines.Responder.Sas);
    }

    [Fact]
    public void Forged_IKE_AUTH_request_is_dropped_without_reply()
    {
        using var engines = new TwoEngines();
        engines.Network.Filter = d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH ? InMemoryNetwork.Fate.Drop : InMemoryNetwork.Fate.Deliver;
        engines.Connect();
        var authRequest = engines.Network.Sent.Last(d => d.ExchangeType == (byte)ExchangeType.IKE_AUTH).Bytes;
        var sentBefore = engines.Network.Sent.Count;
        authRequest[^1] ^= 1;

        engines.Responder.Receive(authRequest, TwoEngines.West);

        Assert.Equal(sentBefore, engines.Network.Sent.Count);
        Assert.Contains(engines.ResponderEvents.OfType<IkeMessageDropped>(), e => e.Reason.Contains("integrity", StringComparison.Ordinal));
        Assert.Equal(IkeSaState.Authenticating, engines.ResponderSa.State);
    }

    [Fact]
    public void Thousand_SAs_all_establish_through_20_percent_loss()
    {
        var retransmission = RetransmissionOptions.Default with { Tries = 12 };
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", retransmission: retransmission),
            TwoEngines.Options("east", "west", retransmission: retransmission, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"),
            // One peer starting a thousand SAs at once is no flood; and at 20% loss an IKE_AUTH can take minutes to get through.
            new IkeEngineOptions { BlockThreshold = int.MaxValue, CookieThreshold = int.MaxValue, HalfOpenTimeout = TimeSpan.FromMinutes(10) });
        var random = new Random(5);
        engines.Network.Filter = _ => random.NextDouble() < 0.2 ? InMemoryNetwork.Fate.Drop : InMemoryNetwork.Fate.Deliver;

        var sas = Enumerable.Range(0, 1000).Select(_ => engines.Initiator.Initiate(engines.WestOptions, TwoEngines.East)).ToList();
        engines.RunFor(TimeSpan.FromMinutes(10));

        Assert.All(sas, sa => Assert.Equal(IkeSaState.Established, sa.State));
        Assert.Equal(1000, engines.Responder.Sas.Count(sa => sa.State == IkeSaState.Established && sa.ChildSas.Count == 1));
    }
}
