using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// ML-KEM as an additional key exchange (RFC 9370) in IKE_INTERMEDIATE exchanges (RFC 9242), engine to engine:
/// strongSwan 5.9.8 and libreswan 4.10 in the lab speak neither.
/// </summary>
public sealed class AdditionalKeyExchangeTests
{
    private const string EastLocal = "10.2.0.0-10.2.255.255";
    private const string EastRemote = "10.1.0.0-10.1.255.255";

    public static TheoryData<KeyExchangeTransformId, KeyExchangeTransformId, bool> Hybrids => new()
    {
        { KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768, false },
        { KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768, true },
        { KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.ML_KEM_1024, false },
        { KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.ML_KEM_1024, true },
    };

    [Theory]
    [MemberData(nameof(Hybrids))]
    public void Hybrid_proposal_runs_one_IKE_INTERMEDIATE_exchange_with_the_ML_KEM_before_IKE_AUTH(KeyExchangeTransformId group, KeyExchangeTransformId kem, bool certificates)
    {
        Proposal[] ike = [Hybrid(group, kem)];
        using var engines = certificates
            ? new TwoEngines(WithCertificate(TwoEngines.Options("west", "east", ike: ike), "west"), WithCertificate(TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote), "east"))
            : new TwoEngines(TwoEngines.Options("west", "east", ike: ike), TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote));

        var west = engines.Connect();
        var east = engines.ResponderSa;

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, east.State);
        Assert.Equal([kem], west.Algorithms!.AdditionalKeyExchanges);
        Assert.Equal([kem], east.Algorithms!.AdditionalKeyExchanges);
        Assert.Equal(west.Keys!.SK_d.ToArray(), east.Keys!.SK_d.ToArray());
        Assert.Equal(Assert.Single(west.ChildSas).Keys.EncryptionKeyInitiatorToResponder.ToArray(), Assert.Single(east.ChildSas).Keys.EncryptionKeyInitiatorToResponder.ToArray());

        // IKE_SA_INIT is Message ID 0, IKE_INTERMEDIATE 1 and IKE_AUTH 2 (RFC 9242 §3.2).
        var requests = engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => !e.IsResponse).Select(e => (e.Exchange, e.MessageId));
        Assert.Equal([(ExchangeType.IKE_SA_INIT, 0u), (ExchangeType.IKE_INTERMEDIATE, 1u), (ExchangeType.IKE_AUTH, 2u)], requests);
        var initResponse = IkeMessage.Parse(engines.Network.Sent.First(d => d.ExchangeType == (byte)ExchangeType.IKE_SA_INIT && d.IsResponse).Bytes);
        Assert.NotNull(initResponse.Payloads.FindNotify(NotifyMessageType.INTERMEDIATE_EXCHANGE_SUPPORTED));
    }

    [Fact]
    public void Two_additional_key_exchanges_run_in_two_IKE_INTERMEDIATE_exchanges_in_ADDKE_order()
    {
        Proposal[] ike = [Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.ML_KEM_1024)];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", ike: ike), TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal([KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.ML_KEM_1024], west.Algorithms!.AdditionalKeyExchanges);
        var intermediates = engines.InitiatorEvents.OfType<IkeMessageSent>().Where(e => e.Exchange == ExchangeType.IKE_INTERMEDIATE && !e.IsResponse).Select(e => e.MessageId);
        Assert.Equal([1u, 2u], intermediates);
        Assert.Equal(west.Keys!.SK_d.ToArray(), engines.ResponderSa.Keys!.SK_d.ToArray());
    }

    [Fact]
    public void Keys_after_the_ML_KEM_exchange_differ_from_those_of_IKE_SA_INIT_alone()
    {
        Proposal[] ike = [Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768)];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", ike: ike), TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote));
        var west = engines.Initiator.Initiate(engines.WestOptions, TwoEngines.East);
        byte[]? classicalSkD = null;
        byte[]? classicalSkEi = null;
        engines.Network.Filter = d =>
        {
            if (d.ExchangeType == (byte)ExchangeType.IKE_INTERMEDIATE && !d.IsResponse)
            {
                // West sends IKE_INTERMEDIATE with the keys of IKE_SA_INIT alone.
                classicalSkD ??= west.Keys!.SK_d.ToArray();
                classicalSkEi ??= west.Keys!.SK_ei.ToArray();
            }

            return InMemoryNetwork.Fate.Deliver;
        };

        engines.Network.Run();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.NotNull(classicalSkD);
        Assert.NotEqual(classicalSkD, west.Keys!.SK_d.ToArray());
        Assert.NotEqual(classicalSkEi, west.Keys!.SK_ei.ToArray());
        Assert.Equal(west.Keys!.SK_ei.ToArray(), engines.ResponderSa.Keys!.SK_ei.ToArray());
    }

    [Fact]
    public void Peer_without_ML_KEM_gets_the_classical_proposal_when_ours_allows_NONE()
    {
        Proposal[] westIke = [WithAddkeSlots(KeyExchangeTransformId.CURVE25519, [KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.NONE])];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", ike: westIke), TwoEngines.Options("east", "west", local: EastLocal, remote: EastRemote));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Empty(west.Algorithms!.AdditionalKeyExchanges);
        Assert.DoesNotContain(engines.Network.Sent, d => d.ExchangeType == (byte)ExchangeType.IKE_INTERMEDIATE);
    }

    [Fact]
    public void Responder_allowing_NONE_answers_a_classical_initiator_without_IKE_INTERMEDIATE()
    {
        Proposal[] eastIke = [WithAddkeSlots(KeyExchangeTransformId.CURVE25519, [KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.NONE])];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east"), TwoEngines.Options("east", "west", ike: eastIke, local: EastLocal, remote: EastRemote));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Empty(engines.ResponderSa.Algorithms!.AdditionalKeyExchanges);
        Assert.DoesNotContain(engines.Network.Sent, d => d.ExchangeType == (byte)ExchangeType.IKE_INTERMEDIATE);
    }

    [Fact]
    public void Responder_insisting_on_ML_KEM_refuses_a_classical_initiator_with_NO_PROPOSAL_CHOSEN()
    {
        Proposal[] eastIke = [Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768)];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east"), TwoEngines.Options("east", "west", ike: eastIke, local: EastLocal, remote: EastRemote));

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Failed, west.State);
        Assert.Contains(engines.InitiatorEvents.OfType<IkeSaFailed>(), e => e.Notify == NotifyMessageType.NO_PROPOSAL_CHOSEN);
    }

    [Fact]
    public void IKE_INTERMEDIATE_altered_by_someone_holding_the_classical_keys_fails_AUTH()
    {
        // Whoever breaks the classical key exchange can read and rewrite IKE_INTERMEDIATE; the IntAuth chain in AUTH
        // is what catches it. Here an extra payload is slipped into the request: the ML-KEM secret is unchanged.
        Proposal[] ike = [Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768)];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", ike: ike), TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote));
        var west = engines.Initiator.Initiate(engines.WestOptions, TwoEngines.East);
        var altered = false;
        engines.Network.Filter = d =>
        {
            if (altered || d.ExchangeType != (byte)ExchangeType.IKE_INTERMEDIATE || d.IsResponse)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            var message = IkeMessage.Parse(d.Bytes);
            var payloads = engines.ResponderSa.Inbound!.Decrypt((EncryptedPayload)message.Payloads[^1]);
            engines.Network.Send(west.Outbound!.Encrypt(message.Header, [.. payloads, new VendorIdPayload("slipped in"u8.ToArray())]), d.From, d.To);
            altered = true;
            return InMemoryNetwork.Fate.Drop;
        };

        engines.Network.Run();

        Assert.True(altered);
        Assert.Equal(IkeSaState.Failed, west.State);
        var refusal = Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>());
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refusal.Notify);
    }

    [Fact]
    public void IKE_AUTH_before_the_negotiated_IKE_INTERMEDIATE_is_refused()
    {
        // A west that skips the ML-KEM exchange: an IKE_AUTH request goes out as Message ID 1 in its place.
        Proposal[] ike = [Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768)];
        using var engines = new TwoEngines(TwoEngines.Options("west", "east", ike: ike), TwoEngines.Options("east", "west", ike: ike, local: EastLocal, remote: EastRemote));
        var west = engines.Initiator.Initiate(engines.WestOptions, TwoEngines.East);
        engines.Network.Filter = d =>
        {
            if (d.ExchangeType != (byte)ExchangeType.IKE_INTERMEDIATE || d.IsResponse)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            var header = IkeMessage.Parse(d.Bytes).Header with { ExchangeType = ExchangeType.IKE_AUTH };
            IkePayload[] auth = [Identity.Fqdn("west").ToPayload(PayloadType.IdentificationInitiator), new AuthenticationPayload(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, new byte[32])];
            engines.Network.Send(west.Outbound!.Encrypt(header, auth), d.From, d.To);
            return InMemoryNetwork.Fate.Drop;
        };

        engines.Network.Run();

        var refusal = Assert.Single(engines.ResponderEvents.OfType<IkeSaFailed>());
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refusal.Notify);
        Assert.Contains("additional key exchanges", refusal.Reason);
    }

    [Fact]
    public void Each_additional_key_exchange_derives_all_keys_from_SKEYSEED_of_the_previous_SK_d_the_new_secret_and_the_nonces()
    {
        const ulong spiI = 0x0102030405060708, spiR = 0x1112131415161718;
        byte[] ni = [.. Enumerable.Range(0, 32).Select(i => (byte)i)], nr = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];
        byte[] classical = [.. Enumerable.Repeat((byte)0x5a, 32)], kem = [.. Enumerable.Repeat((byte)0xa5, 32)];
        using var sa = InitiatorSa(spiI, spiR, ni, nr);
        sa.DeriveKeys([.. classical]);
        var skD0 = sa.Keys!.SK_d.ToArray();

        sa.AddKeyExchange([.. kem]);

        // RFC 9370 §2.2.2: SKEYSEED(1) = prf(SK_d(0), SK(1) | Ni | Nr), then prf+ as in RFC 7296 §2.14.
        var skeyseed = HMACSHA256.HashData(skD0, (byte[])[.. kem, .. ni, .. nr]);
        using var expected = IkeKeyDerivation.DeriveIkeSaKeys(sa.Algorithms!.Prf, skeyseed, ni, nr, spiI, spiR, sa.Algorithms.Encryption, sa.Algorithms.Integrity);
        Assert.Equal(expected.SK_d.ToArray(), sa.Keys!.SK_d.ToArray());
        Assert.Equal(expected.SK_ei.ToArray(), sa.Keys.SK_ei.ToArray());
        Assert.Equal(expected.SK_er.ToArray(), sa.Keys.SK_er.ToArray());
        Assert.Equal(expected.SK_pi.ToArray(), sa.Keys.SK_pi.ToArray());
        Assert.Equal(expected.SK_pr.ToArray(), sa.Keys.SK_pr.ToArray());
        Assert.Equal(1, sa.AdditionalKeyExchangesDone);
    }

    [Fact]
    public void IntAuth_covers_header_and_SK_header_with_lengths_of_the_inner_payloads_only_and_ends_with_the_IKE_AUTH_Message_ID()
    {
        const ulong spiI = 0x0102030405060708, spiR = 0x1112131415161718;
        using var sa = InitiatorSa(spiI, spiR, new byte[32], new byte[32]);
        sa.DeriveKeys(new byte[32]);
        var request = new IkeHeader(spiI, spiR, PayloadType.NoNextPayload, ExchangeType.IKE_INTERMEDIATE, IkeHeaderFlags.Initiator, 1, 0);

        sa.Intermediate.AddSent(request, [new KeyExchangePayload(KeyExchangeTransformId.ML_KEM_768, new byte[] { 1, 2, 3, 4 })], sa.Algorithms!.Prf, sa.Keys!);
        sa.Intermediate.AddSent(request with { Flags = IkeHeaderFlags.Initiator | IkeHeaderFlags.Response }, [], sa.Algorithms.Prf, sa.Keys!);

        // Request: IKE header (Next Payload SK, Length 28 + 4 + 12), SK header (first KE, length 16), the KE payload.
        byte[] spis = [1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18];
        byte[] requestData = [.. spis, 46, 0x20, 43, 0x08, 0, 0, 0, 1, 0, 0, 0, 44, 34, 0, 0, 16, 0, 0, 0, 12, 0, 36, 0, 0, 1, 2, 3, 4];
        byte[] responseData = [.. spis, 46, 0x20, 43, 0x28, 0, 0, 0, 1, 0, 0, 0, 32, 0, 0, 0, 4];
        byte[] expected = [.. HMACSHA256.HashData(sa.Keys!.SK_pi, requestData), .. HMACSHA256.HashData(sa.Keys.SK_pr, responseData), 0, 0, 0, 2];
        Assert.Equal(expected, sa.Intermediate.ForAuthentication(2));
    }

    [Fact]
    public void Without_IKE_INTERMEDIATE_the_AUTH_octets_get_nothing_more()
    {
        using var sa = InitiatorSa(1, 2, new byte[32], new byte[32]);

        Assert.Empty(sa.Intermediate.ForAuthentication(1));
    }

    private static IkeSa InitiatorSa(ulong spiI, ulong spiR, byte[] ni, byte[] nr)
    {
        Assert.True(NegotiatedIkeAlgorithms.TryResolve(Hybrid(KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ML_KEM_768), out var algorithms));
        return new IkeSa(true, spiI, spiR, TwoEngines.West, TwoEngines.East, TwoEngines.Options("west", "east"), TimeProvider.System)
        {
            Algorithms = algorithms,
            NonceInitiator = ni,
            NonceResponder = nr,
        };
    }

    /// <summary>A proposal over <paramref name="group"/> with one ADDKE transform per additional method, in order.</summary>
    internal static Proposal Hybrid(KeyExchangeTransformId group, params KeyExchangeTransformId[] additional) =>
        WithAddkeSlots(group, [.. additional.Select(k => new[] { k })]);

    /// <summary>A proposal over <paramref name="group"/> with ADDKE1, ADDKE2, … each offering the methods of one slot.</summary>
    internal static Proposal WithAddkeSlots(KeyExchangeTransformId group, params KeyExchangeTransformId[][] slots)
    {
        var proposal = TwoEngines.IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, group);
        var transforms = proposal.Transforms.ToList();
        for (var i = 0; i < slots.Length; i++)
        {
            transforms.AddRange(slots[i].Select(k => Transform.KeyExchange(k, (TransformType)((int)TransformType.AdditionalKeyExchange1 + i))));
        }

        return new Proposal(proposal.Number, proposal.ProtocolId, proposal.Spi, transforms);
    }

    private static IkeSaOptions WithCertificate(IkeSaOptions options, string name) => new()
    {
        SignatureAuthentication = true,
        IkeProposals = options.IkeProposals,
        ChildProposals = options.ChildProposals,
        LocalIdentity = options.LocalIdentity,
        RemoteIdentity = options.RemoteIdentity,
        LocalTrafficSelectors = options.LocalTrafficSelectors,
        RemoteTrafficSelectors = options.RemoteTrafficSelectors,
        Certificate = TestPki.EcdsaLeaf(name, TestPki.Root),
        CertificateChain = [],
        SendCertificate = CertificateSendPolicy.Always,
        TrustedCertificateAuthorities = [TestPki.Root],
    };
}
