using System.Net;
using System.Text;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>West (initiator) and east (responder) engines on one in-memory network and one manual clock.</summary>
internal sealed class TwoEngines : IDisposable
{
    public static readonly IPEndPoint West = new(IPAddress.Parse("192.0.2.1"), 500);
    public static readonly IPEndPoint East = new(IPAddress.Parse("192.0.2.2"), 500);

    public TwoEngines(IkeSaOptions? west = null, IkeSaOptions? east = null, IkeEngineOptions? eastEngine = null)
    {
        WestOptions = west ?? Options("west", "east");
        EastOptions = east ?? Options("east", "west", local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255");
        Initiator = new IkeEngine(West, Network, Clock, _ => null);
        Responder = new IkeEngine(East, Network, Clock, _ => EastOptions, eastEngine);
        Network.Attach(West.Address, Initiator);
        Network.Attach(East.Address, Responder);
        Initiator.EventRaised += InitiatorEvents.Add;
        Responder.EventRaised += ResponderEvents.Add;
    }

    public ManualTimeProvider Clock { get; } = new();

    public InMemoryNetwork Network { get; } = new();

    public IkeSaOptions WestOptions { get; }

    /// <summary>What east answers with from now on (a peer that restarts with another configuration).</summary>
    public IkeSaOptions EastOptions { get; set; }

    public IkeEngine Initiator { get; }

    public IkeEngine Responder { get; }

    public List<IkeEvent> InitiatorEvents { get; } = [];

    public List<IkeEvent> ResponderEvents { get; } = [];

    public IkeSa ResponderSa => Assert.Single(Responder.Sas);

    public IkeSa Connect()
    {
        var sa = Initiator.Initiate(WestOptions, East);
        Network.Run();
        return sa;
    }

    /// <summary>Lets the clock run in half-second steps, delivering everything sent in between.</summary>
    public void RunFor(TimeSpan duration)
    {
        var step = TimeSpan.FromMilliseconds(500);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Network.Run();
            Clock.Advance(step);
        }

        Network.Run();
    }

    /// <summary>
    /// <paramref name="east"/> answers west's next CREATE_CHILD_SA requests with these payloads, one answer per
    /// request (and then its engine takes over), and its engine never sees the ones answered: a peer that does what our own engine would not. Returns every
    /// CREATE_CHILD_SA request west sends east from now on, decrypted as it passes (east may be gone afterwards).
    /// </summary>
    public List<(uint MessageId, IReadOnlyList<IkePayload> Payloads)> ScriptCreateChildSaAnswers(IkeSa east, params IReadOnlyList<IkePayload>[] answers)
    {
        var left = new Queue<IReadOnlyList<IkePayload>>(answers);
        var seen = new List<(uint MessageId, IReadOnlyList<IkePayload> Payloads)>();
        Network.Filter = d =>
        {
            if (d.IsResponse || d.ExchangeType != (byte)ExchangeType.CREATE_CHILD_SA || !d.To.Address.Equals(East.Address))
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            var message = IkeMessage.Parse(d.Bytes);
            var request = message.Header;
            if (request.ResponderSpi == east.ResponderSpi)
            {
                seen.Add((request.MessageId, east.Inbound!.Decrypt((EncryptedPayload)message.Payloads[^1])));
            }

            if (!left.TryDequeue(out var answer))
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            var header = new IkeHeader(request.InitiatorSpi, request.ResponderSpi, PayloadType.NoNextPayload, ExchangeType.CREATE_CHILD_SA, IkeHeaderFlags.Response, request.MessageId, 0);
            var response = east.Outbound!.Encrypt(header, answer);

            // East's engine moves on as if it had answered, so that it takes the next request.
            east.Answered(request.MessageId, [response]);
            Network.Send(response, d.To, d.From);
            return InMemoryNetwork.Fate.Drop;
        };
        return seen;
    }

    /// <summary>
    /// West's next <paramref name="exchange"/> request reaches east with its payloads rewritten (a peer that sends what
    /// our engine would not), encrypted again under <paramref name="west"/>'s keys; later ones pass unchanged.
    /// </summary>
    public void RewriteNextRequest(IkeSa west, ExchangeType exchange, Func<IkePayload, IkePayload> rewrite)
    {
        Network.Filter = d =>
        {
            if (d.ExchangeType != (byte)exchange || d.IsResponse)
            {
                return InMemoryNetwork.Fate.Deliver;
            }

            var message = IkeMessage.Parse(d.Bytes);
            var payloads = ResponderSa.Inbound!.Decrypt((EncryptedPayload)message.Payloads[^1]).Select(rewrite).ToList();
            Network.Send(west.Outbound!.Encrypt(message.Header, payloads), d.From, d.To);
            Network.Filter = _ => InMemoryNetwork.Fate.Deliver;
            return InMemoryNetwork.Fate.Drop;
        };
    }

    /// <summary>West's next IKE_FOLLOWUP_KE names a link east never gave: an initiator that lost track of its exchange.</summary>
    public void SwapNextFollowupLink(IkeSa west) =>
        RewriteNextRequest(west, ExchangeType.IKE_FOLLOWUP_KE, p => p is NotifyPayload { NotifyType: NotifyMessageType.ADDITIONAL_KEY_EXCHANGE }
            ? new NotifyPayload(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE, new byte[] { 1, 2, 3 })
            : p);

    /// <summary>Both ends rekey the IKE SA at once (RFC 7296 §2.8.2); the IKE SA each is left with.</summary>
    public (IkeSa West, IkeSa East) RekeyIkeSaFromBothSides(IkeSa west, IkeSa east)
    {
        Initiator.RekeyIkeSa(west);
        Responder.RekeyIkeSa(east);
        RunFor(TimeSpan.FromSeconds(2));
        return (Assert.Single(Initiator.Sas), Assert.Single(Responder.Sas));
    }

    public void Dispose()
    {
        Initiator.Dispose();
        Responder.Dispose();
    }

    /// <summary>Both sides with one AES-GCM-256 / SHA2-256 IKE proposal over these key exchange groups, in order of preference.</summary>
    public static TwoEngines WithIkeGroups(KeyExchangeTransformId[] west, KeyExchangeTransformId[] east) => new(
        Options("west", "east", ike: [IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, west)]),
        Options("east", "west", ike: [IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, east)], local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));

    /// <summary>Both sides with these IKE proposals.</summary>
    public static TwoEngines WithIke(IReadOnlyList<Proposal> ike) => new(
        Options("west", "east", ike: ike),
        Options("east", "west", ike: ike, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));

    /// <summary>An INVALID_KE_PAYLOAD notify asking for <paramref name="wanted"/> (RFC 7296 §3.10.1).</summary>
    public static NotifyPayload InvalidKe(KeyExchangeTransformId wanted) =>
        new(NotifyMessageType.INVALID_KE_PAYLOAD, IkeProtocolException.InvalidKePayload(wanted).NotificationData);

    public static IkeSaOptions Options(
        string localId, string? remoteId, string psk = "correct horse battery staple",
        IReadOnlyList<Proposal>? ike = null, IReadOnlyList<Proposal>? esp = null,
        string local = "10.1.0.0-10.1.255.255", string remote = "10.2.0.0-10.2.255.255",
        int fragmentSize = 1280, RetransmissionOptions? retransmission = null, LivenessOptions? liveness = null, int keyingTries = 1, bool childPfsWithIkeGroup = false, int windowSize = 1, bool initialContact = false,
        ChildSpiAllocator? childSpis = null) => new()
        {
            AllocateChildSpi = childSpis,
            WindowSize = windowSize,
            ChildPfsWithIkeGroup = childPfsWithIkeGroup,
            InitialContact = initialContact,
            IkeProposals = ike ?? [IkeProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null, PrfTransformId.PRF_HMAC_SHA2_256, KeyExchangeTransformId.CURVE25519)],
            ChildProposals = esp ?? [EspProposal(EncryptionTransformId.ENCR_AES_GCM_16, 256, null)],
            LocalIdentity = Identity.Fqdn(localId),
            RemoteIdentity = remoteId is null ? null : Identity.Fqdn(remoteId),
            PreSharedKey = Encoding.UTF8.GetBytes(psk),
            LocalTrafficSelectors = [Range(local)],
            RemoteTrafficSelectors = [Range(remote)],
            FragmentSize = fragmentSize,
            Retransmission = retransmission ?? RetransmissionOptions.Default,
            Liveness = liveness,
            KeyingTries = keyingTries,
        };

    public static Proposal IkeProposal(EncryptionTransformId encryption, int? keyLength, IntegrityTransformId? integrity, PrfTransformId prf, params KeyExchangeTransformId[] methods) =>
        new(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(encryption, keyLength),
            .. integrity is { } i ? [Transform.Integrity(i)] : Array.Empty<Transform>(),
            Transform.Prf(prf),
            .. methods.Select(m => Transform.KeyExchange(m)),
        ]);

    public static Proposal EspProposal(EncryptionTransformId encryption, int? keyLength, IntegrityTransformId? integrity) =>
        new(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(encryption, keyLength),
            .. integrity is { } i ? [Transform.Integrity(i)] : Array.Empty<Transform>(),
            Transform.ExtendedSequenceNumbers(false),
        ]);

    public static TrafficSelector Range(string range)
    {
        var ends = range.Split('-');
        return TrafficSelector.AddressRange(IPAddress.Parse(ends[0]), IPAddress.Parse(ends[1]));
    }
}
