using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// IKE SA rekeys with additional key exchanges (RFC 9370 §2.2.4): the CREATE_CHILD_SA offers the ADDKE transforms
/// of ike=, and each chosen one runs in an IKE_FOLLOWUP_KE exchange before the new IKE SA exists.
/// </summary>
public sealed class IkeSaRekeyFollowupTests
{
    [Fact]
    public void Rekey_of_a_hybrid_IKE_SA_runs_one_IKE_FOLLOWUP_KE_and_both_new_SAs_hold_the_same_keys()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var old = engines.Connect();
        var child = Assert.Single(old.ChildSas);

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        var (west, east) = (Assert.Single(engines.Initiator.Sas), Assert.Single(engines.Responder.Sas));
        Assert.NotSame(old, west);
        Assert.Equal(IkeSaState.Deleted, old.State);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Equal([KeyExchangeTransformId.ML_KEM_768], west.Algorithms!.AdditionalKeyExchanges);
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
        Assert.Same(child, Assert.Single(west.ChildSas));
        Assert.Equal([ExchangeType.CREATE_CHILD_SA, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.INFORMATIONAL], RequestsOn(engines, old));
        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>());

        engines.Initiator.CheckLiveness(west);
        engines.Network.Run();
        Assert.Equal(IkeSaState.Established, west.State);
    }

    [Fact]
    public void Rekey_with_two_additional_key_exchanges_runs_two_IKE_FOLLOWUP_KE_exchanges()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.ML_KEM_1024);
        var old = engines.Connect();

        engines.Responder.RekeyIkeSa(engines.ResponderSa);
        engines.Network.Run();

        var (west, east) = (Assert.Single(engines.Initiator.Sas), Assert.Single(engines.Responder.Sas));
        Assert.True(east.IsOriginalInitiator);
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
        var requests = engines.ResponderEvents.OfType<IkeMessageSent>().Where(e => !e.IsResponse && e.InitiatorSpi == old.InitiatorSpi).Select(e => e.Exchange);
        Assert.Equal([ExchangeType.CREATE_CHILD_SA, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.INFORMATIONAL], requests);
    }

    [Fact]
    public void Rekeyed_SKEYSEED_is_the_old_prf_over_SK0_the_nonces_then_each_additional_secret()
    {
        byte[] ni = [.. Enumerable.Range(0, 32).Select(i => (byte)i)], nr = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];
        byte[] sk0 = [.. Enumerable.Repeat((byte)0x5a, 32)], sk1 = [.. Enumerable.Repeat((byte)0xa5, 32)];
        Assert.True(NegotiatedIkeAlgorithms.TryResolve(AdditionalKeyExchangeTests.Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768), out var algorithms));
        using var old = new IkeSa(true, 1, 2, TwoEngines.West, TwoEngines.East, TwoEngines.Options("west", "east"), TimeProvider.System)
        {
            Algorithms = algorithms,
            NonceInitiator = new byte[32],
            NonceResponder = new byte[32],
        };
        old.DeriveKeys(new byte[32]);
        using var successor = new IkeSa(true, 3, 4, TwoEngines.West, TwoEngines.East, old.Options, TimeProvider.System);

        successor.Succeed(old, algorithms, ni, nr, [[.. sk0], [.. sk1]]);

        // RFC 9370 §2.2.4: SKEYSEED = prf(SK_d (old), SK(0) | Ni | Nr | SK(1) | ... | SK(n)).
        var skeyseed = HMACSHA256.HashData(old.Keys!.SK_d, (byte[])[.. sk0, .. ni, .. nr, .. sk1]);
        using var expected = IkeKeyDerivation.DeriveIkeSaKeys(algorithms.Prf, skeyseed, ni, nr, 3, 4, algorithms.Encryption, algorithms.Integrity);
        Assert.Equal(expected.SK_d.ToArray(), successor.Keys!.SK_d.ToArray());
        Assert.Equal(expected.SK_ei.ToArray(), successor.Keys.SK_ei.ToArray());
        Assert.Equal(expected.SK_pr.ToArray(), successor.Keys.SK_pr.ToArray());
    }

    [Fact]
    public void Rekey_survives_the_loss_of_an_IKE_FOLLOWUP_KE_response()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var old = engines.Connect();
        engines.Network.DropFirstResponse(ExchangeType.IKE_FOLLOWUP_KE);

        engines.Initiator.RekeyIkeSa(old);
        engines.RunFor(TimeSpan.FromSeconds(5));

        var (west, east) = (Assert.Single(engines.Initiator.Sas), Assert.Single(engines.Responder.Sas));
        Assert.NotSame(old, west);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
    }

    [Fact]
    public void Refused_IKE_FOLLOWUP_KE_fails_the_rekey_and_the_old_IKE_SA_carries_on()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var old = engines.Connect();
        var eastOld = engines.ResponderSa;
        engines.SwapNextFollowupLink(old);

        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();

        Assert.Equal(NotifyMessageType.STATE_NOT_FOUND, Assert.Single(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>()).Notify);
        Assert.Same(old, Assert.Single(engines.Initiator.Sas));
        Assert.Same(eastOld, Assert.Single(engines.Responder.Sas));
        engines.Initiator.CreateChildSa(old);
        engines.Network.Run();
        Assert.Equal(2, old.ChildSas.Count);
        Assert.Equal(2, eastOld.ChildSas.Count);
        Assert.Equal(IkeSaState.Established, old.State);
    }

    [Fact]
    public void Responder_forgets_an_IKE_SA_rekey_whose_IKE_FOLLOWUP_KE_never_comes_after_the_retransmission_budget()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var old = engines.Connect();
        var eastOld = engines.ResponderSa;
        engines.Network.Filter = d => d.ExchangeType == (byte)ExchangeType.IKE_FOLLOWUP_KE ? InMemoryNetwork.Fate.Drop : InMemoryNetwork.Fate.Deliver;
        engines.Initiator.RekeyIkeSa(old);
        engines.Network.Run();
        Assert.Single(eastOld.AwaitedFollowups!);

        engines.Clock.Advance(RetransmissionOptions.Default.Budget);

        Assert.Empty(eastOld.AwaitedFollowups!);
        Assert.Contains("IKE_FOLLOWUP_KE", Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyFailed>()).Reason);
        Assert.Same(eastOld, Assert.Single(engines.Responder.Sas));
    }

    [Fact]
    public void Simultaneous_hybrid_rekeys_follow_up_only_the_winner_and_leave_one_IKE_SA_on_each_side()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var westOld = engines.Connect();
        var eastOld = engines.ResponderSa;

        var (west, east) = engines.RekeyIkeSaFromBothSides(westOld, eastOld);

        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
        Assert.Equal([IkeSaState.Deleted, IkeSaState.Deleted], [westOld.State, eastOld.State]);
        Assert.Single(west.ChildSas);
        Assert.Single(east.ChildSas);

        // The loser sent no IKE_FOLLOWUP_KE (RFC 9370 §2.2.4), and the winner's peer awaits none any more.
        var followups = engines.InitiatorEvents.Concat(engines.ResponderEvents).OfType<IkeMessageSent>().Count(e => !e.IsResponse && e.Exchange == ExchangeType.IKE_FOLLOWUP_KE);
        Assert.Equal(1, followups);
        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaRekeyFailed>());
        Assert.Empty(engines.ResponderEvents.OfType<IkeSaRekeyFailed>());

        engines.Initiator.CheckLiveness(west);
        engines.RunFor(TimeSpan.FromMinutes(5));
        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, east.State);
        Assert.Empty(engines.InitiatorEvents.OfType<IkeSaFailed>());
        Assert.Empty(engines.ResponderEvents.OfType<IkeSaFailed>());
    }

    [Fact]
    public void Simultaneous_rekeys_only_one_of_which_has_an_additional_key_exchange_converge_on_one_IKE_SA()
    {
        // East prefers ML-KEM and west none: west's rekey runs IKE_FOLLOWUP_KE, east's does not, whichever wins.
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", ike: [AdditionalKeyExchangeTests.WithAddkeSlots(KeyExchangeTransformId.CURVE25519, [KeyExchangeTransformId.NONE, KeyExchangeTransformId.ML_KEM_768])]),
            TwoEngines.Options("east", "west", ike: [AdditionalKeyExchangeTests.WithAddkeSlots(KeyExchangeTransformId.CURVE25519, [KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.NONE])], local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        var westOld = engines.Connect();
        var eastOld = engines.ResponderSa;

        var (west, east) = engines.RekeyIkeSaFromBothSides(westOld, eastOld);

        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
        Assert.Single(west.ChildSas);
        Assert.Single(east.ChildSas);
        engines.RunFor(TimeSpan.FromMinutes(5));
        Assert.Equal([IkeSaState.Established, IkeSaState.Established], [west.State, east.State]);
    }

    [Fact]
    public void Peer_rekey_arriving_while_ours_runs_IKE_FOLLOWUP_KE_gets_TEMPORARY_FAILURE_and_ours_completes()
    {
        using var engines = Engines(KeyExchangeTransformId.ML_KEM_768);
        var westOld = engines.Connect();
        var eastOld = engines.ResponderSa;

        // East asks to rekey the old SA once west's IKE_FOLLOWUP_KE is on its way: west's CREATE_CHILD_SA is over.
        var asked = false;
        engines.Network.Filter = d =>
        {
            if (!asked && !d.IsResponse && d.ExchangeType == (byte)ExchangeType.IKE_FOLLOWUP_KE)
            {
                asked = true;
                engines.Responder.RekeyIkeSa(eastOld);
            }

            return InMemoryNetwork.Fate.Deliver;
        };
        engines.Initiator.RekeyIkeSa(westOld);
        engines.RunFor(TimeSpan.FromSeconds(2));

        Assert.True(asked);
        Assert.Equal(NotifyMessageType.TEMPORARY_FAILURE, Assert.Single(engines.ResponderEvents.OfType<IkeSaRekeyFailed>()).Notify);
        var (west, east) = (Assert.Single(engines.Initiator.Sas), Assert.Single(engines.Responder.Sas));
        Assert.True(west.IsOriginalInitiator);
        Assert.Equal((west.InitiatorSpi, west.ResponderSpi), (east.InitiatorSpi, east.ResponderSpi));
        Assert.Single(east.ChildSas);
    }

    [Fact]
    public void Rekey_of_an_IKE_SA_whose_peer_has_no_IKE_INTERMEDIATE_offers_no_additional_key_exchange()
    {
        Proposal[] optional = [AdditionalKeyExchangeTests.WithAddkeSlots(KeyExchangeTransformId.CURVE25519, [KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.NONE])];
        using var engines = TwoEngines.WithIke(optional);
        var west = engines.Connect();

        // As after IKE_SA_INIT with a peer that did not send INTERMEDIATE_EXCHANGE_SUPPORTED (RFC 9242 §3.1).
        west.IntermediateSupported = false;
        var request = new List<IkePayload>();
        new IkeRekeyTask(west).BuildRequest(request);

        var offer = Assert.Single(request.Find<SecurityAssociationPayload>()!.Proposals);
        Assert.DoesNotContain(offer.Transforms, t => t.Type == TransformType.AdditionalKeyExchange1);
    }

    /// <summary>Both ends with a Curve25519 IKE proposal that insists on these additional key exchanges.</summary>
    private static TwoEngines Engines(params KeyExchangeTransformId[] additional) =>
        TwoEngines.WithIke([AdditionalKeyExchangeTests.Hybrid(KeyExchangeTransformId.CURVE25519, additional)]);

    private static List<ExchangeType> RequestsOn(TwoEngines engines, IkeSa sa) =>
        [.. engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => !e.IsResponse && e.InitiatorSpi == sa.InitiatorSpi && e.MessageId > 2).Select(e => e.Exchange)];
}
