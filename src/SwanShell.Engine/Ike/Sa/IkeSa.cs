using System.Net;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// One IKE SA: its SPIs and peer, what was negotiated, its keys and SK ciphers, its Message ID windows (one request
/// of ours outstanding; as many of the peer's as our <see cref="IkeSaOptions.WindowSize"/>), and its Child SAs. Driven by <see cref="IkeEngine"/>; key material never printed.
/// </summary>
public sealed class IkeSa : IDisposable
{
    // An established IKE SA mostly waits, and a daemon holds thousands: what most SAs never use (Child SAs of a
    // childless SA, fragments, requests of our own, queued exchanges, rekey collisions) is made on first use.
    private List<ChildSa>? _childSas;
    private List<IkeEvent>? _events;
    private (uint MessageId, IReadOnlyList<byte[]> Datagrams)[] _responses = [];
    private Dictionary<(bool IsResponse, uint MessageId), FragmentReassembler>? _reassemblers;
    private SortedDictionary<uint, PendingRequest>? _inFlight;
    private Queue<QueuedExchange>? _queued;
    private Dictionary<ChildSa, byte[]>? _rekeyedByPeer;
    private byte[]? _initRequestDigest;

    internal IkeSa(bool isOriginalInitiator, ulong initiatorSpi, ulong responderSpi, IPEndPoint local, IPEndPoint remote, IkeSaOptions options, TimeProvider time)
    {
        Time = time;
        IsOriginalInitiator = isOriginalInitiator;
        InitiatorSpi = initiatorSpi;
        ResponderSpi = responderSpi;
        Local = local;
        Remote = remote;
        Options = options;
    }

    public bool IsOriginalInitiator { get; }

    public ulong InitiatorSpi { get; }

    /// <summary>0 until the initiator reads the IKE_SA_INIT response.</summary>
    public ulong ResponderSpi { get; internal set; }

    public ulong LocalSpi => IsOriginalInitiator ? InitiatorSpi : ResponderSpi;

    /// <summary>Our address and port for this SA; the port becomes 4500 when a NAT is detected.</summary>
    public IPEndPoint Local { get; internal set; }

    /// <summary>The peer's address and port as we see them (after any NAT).</summary>
    public IPEndPoint Remote { get; internal set; }

    /// <summary>A NAT rewrites our packets (RFC 7296 §2.23): we send NAT keepalives.</summary>
    public bool LocalBehindNat { get; internal set; }

    /// <summary>A NAT rewrites the peer's packets.</summary>
    public bool RemoteBehindNat { get; internal set; }

    /// <summary>IKE runs on port 4500 and ESP must be UDP-encapsulated (RFC 3948).</summary>
    public bool NatDetected => LocalBehindNat || RemoteBehindNat;

    /// <summary>What we negotiate with: a responder may move to another connection's at IKE_AUTH, once it knows who the peer is.</summary>
    public IkeSaOptions Options { get; internal set; }

    public IkeSaState State { get; private set; }

    public NegotiatedIkeAlgorithms? Algorithms { get; internal set; }

    /// <summary>The identity the peer authenticated as.</summary>
    public Identity? RemoteIdentity { get; internal set; }

    /// <summary>The initiator sent INITIAL_CONTACT in its IKE_AUTH: it holds no other IKE SA with us (§2.4).</summary>
    public bool PeerSentInitialContact { get; internal set; }

    public IReadOnlyList<ChildSa> ChildSas => (IReadOnlyList<ChildSa>?)_childSas ?? [];

    /// <summary>The engine's clock, for certificate validity.</summary>
    internal TimeProvider Time { get; }

    /// <summary>The hashes the peer accepts in RFC 7427 signatures (SIGNATURE_HASH_ALGORITHMS).</summary>
    internal IReadOnlyList<SignatureHashAlgorithm> PeerSignatureHashes { get; set; } = [];

    /// <summary>The peer sent a CERTREQ: <see cref="CertificateSendPolicy.IfAsked"/> sends our certificate.</summary>
    internal bool PeerRequestedCertificate { get; set; }

    internal byte[] NonceInitiator { get; set; } = [];

    internal byte[] NonceResponder { get; set; } = [];

    /// <summary>
    /// RealMessage1 of §2.15: the IKE_SA_INIT request as it went over the wire, for AUTH; empty once the SA is
    /// established (a responder keeps its digest to recognise a retransmission, <see cref="IsInitRequest"/>).
    /// </summary>
    internal byte[] InitRequest { get; set; } = [];

    /// <summary>
    /// RealMessage2: the IKE_SA_INIT response as it went over the wire, for AUTH; a responder keeps it to answer a
    /// retransmitted IKE_SA_INIT, an initiator drops it once the SA is established.
    /// </summary>
    internal byte[] InitResponse { get; set; } = [];

    internal IkeSaKeys? Keys { get; private set; }

    internal EncryptedPayloadCipher? Outbound { get; private set; }

    internal EncryptedPayloadCipher? Inbound { get; private set; }

    /// <summary>Both sides sent IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3).</summary>
    internal bool FragmentationSupported { get; set; }

    /// <summary>Both sides sent INTERMEDIATE_EXCHANGE_SUPPORTED in IKE_SA_INIT (RFC 9242 §3.1).</summary>
    internal bool IntermediateSupported { get; set; }

    /// <summary>The IntAuth chains of the IKE_INTERMEDIATE exchanges so far, for AUTH (RFC 9242 §3.3.2).</summary>
    internal IntermediateAuthentication Intermediate { get; } = new();

    /// <summary>How many of the negotiated additional key exchanges (RFC 9370) have updated the keys.</summary>
    internal int AdditionalKeyExchangesDone { get; private set; }

    /// <summary>The IKE proposal a responder chose in IKE_SA_INIT: another connection taken at IKE_AUTH must accept it too. Null once established.</summary>
    internal Proposal? ChosenIkeProposal { get; set; }

    /// <summary>A responder's options for this peer, in order of preference, among which IKE_AUTH picks by the peer's ID. Null once established.</summary>
    internal Func<IEnumerable<IkeSaOptions>>? ResponderCandidates { get; set; }

    /// <summary>The peer sent CHILDLESS_IKEV2_SUPPORTED in IKE_SA_INIT (RFC 6023 §3).</summary>
    internal bool PeerSupportsChildless { get; set; }

    /// <summary>The Message ID of our next request.</summary>
    internal uint NextRequestId { get; set; }

    /// <summary>The lowest Message ID of the peer's requests that we have not answered: the bottom of our window (§2.3).</summary>
    internal uint ExpectedRequestId { get; set; }

    /// <summary>
    /// Fragmented messages being put together (RFC 7383), by direction and Message ID: with windows above 1 the
    /// fragments of several may arrive interleaved. Only messages inside a window get this far, which bounds them.
    /// </summary>
    internal Dictionary<(bool IsResponse, uint MessageId), FragmentReassembler> Reassemblers => _reassemblers ??= [];

    /// <summary>Our requests in flight by Message ID: one until the IKE SA is up, then up to <see cref="PeerWindowSize"/>.</summary>
    internal SortedDictionary<uint, PendingRequest> InFlight => _inFlight ??= [];

    /// <summary>We wait for a response to a request of ours (without making <see cref="InFlight"/>).</summary>
    internal bool HasInFlight => _inFlight is { Count: > 0 };

    /// <summary>How many of our requests the peer takes at once, from its SET_WINDOW_SIZE (§2.3); 1 until it sends one.</summary>
    internal uint PeerWindowSize { get; set; } = 1;

    /// <summary>The peer address a responder SA counts against while half-open (IKE_SA_INIT answered, no IKE_AUTH yet).</summary>
    internal IPAddress? HalfOpenFrom { get; set; }

    /// <summary>A responder's limit on waiting for IKE_AUTH.</summary>
    internal ITimer? HalfOpenTimer { get; set; }

    internal ITimer? KeepaliveTimer { get; set; }

    internal ITimer? LivenessTimer { get; set; }

    /// <summary>Which attempt at negotiating this connection the SA is (keyingtries), from 1.</summary>
    internal int Attempt { get; init; } = 1;

    /// <summary>Where we first sent IKE_SA_INIT, for a restart; null when the peer started the SA.</summary>
    internal IPEndPoint? InitiatedTo { get; init; }

    /// <summary>Started by the engine itself after the peer died (dpdaction=restart): a refusal is retried too.</summary>
    internal bool Revival { get; init; }

    /// <summary>When the peer last sent us an authenticated message: liveness checks only probe an idle peer.</summary>
    internal DateTimeOffset LastHeard { get; set; }

    /// <summary>The responder's key for recognising a retransmitted IKE_SA_INIT: SPIi and where it first came from.</summary>
    internal (ulong InitiatorSpi, IPEndPoint Remote)? RespondedInitKey { get; set; }

    internal Queue<QueuedExchange> Queued => _queued ??= new();

    /// <summary>Exchanges wait to be started (without making <see cref="Queued"/>).</summary>
    internal bool HasQueued => _queued is { Count: > 0 };

    /// <summary>
    /// Rekeys of our Child SAs that the peer started, with the lower nonce of that exchange: if we are rekeying the
    /// same SA at the same time, the two are compared to decide which replacement is redundant (§2.8.1).
    /// </summary>
    internal Dictionary<ChildSa, byte[]> RekeyedByPeer => _rekeyedByPeer ??= [];

    /// <summary>
    /// A rekey of this IKE SA that the peer started while ours was in flight (§2.8.2): its exchange, with the lowest
    /// nonce and (once its IKE_FOLLOWUP_KE exchanges are done, RFC 9370 §2.2.4) its new SA, kept until our exchange
    /// ends and the nonces say which survives.
    /// </summary>
    internal IkeRekeyTask? CollidingRekey { get; set; }

    /// <summary>Child SA and IKE SA rekey exchanges we answered that wait for the peer's IKE_FOLLOWUP_KE (RFC 9370 §2.2.4), by the link data we gave; made when first needed.</summary>
    internal Dictionary<string, FollowupKeyExchanges>? AwaitedFollowups { get; set; }

    /// <summary>A rekey replaced this IKE SA: it only waits for its Delete, and a further rekey of it is refused.</summary>
    internal bool Superseded { get; set; }

    /// <summary>SKEYSEED and the seven SK_* keys from the IKE_SA_INIT shared secret (§2.14), then the SK ciphers.</summary>
    internal void DeriveKeys(byte[] sharedSecret)
    {
        var algorithms = Algorithms ?? throw new InvalidOperationException("no algorithms were negotiated");
        UseSkeyseed(IkeKeyDerivation.ComputeSkeyseed(algorithms.Prf, NonceInitiator, NonceResponder, sharedSecret));
        CryptographicOperations.ZeroMemory(sharedSecret);
    }

    /// <summary>
    /// An additional key exchange ended (RFC 9370 §2.2.2): SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr), and every
    /// SK_* key and both SK ciphers are derived anew from it.
    /// </summary>
    internal void AddKeyExchange(byte[] sharedSecret)
    {
        var (oldKeys, oldOutbound, oldInbound) = (Keys!, Outbound!, Inbound!);
        UseSkeyseed(IkeKeyDerivation.ComputeSkeyseed(Algorithms!.Prf, Keys!.SK_d, [sharedSecret], NonceInitiator, NonceResponder));
        CryptographicOperations.ZeroMemory(sharedSecret);
        oldKeys.Dispose();
        oldOutbound.Dispose();
        oldInbound.Dispose();
        AdditionalKeyExchangesDone++;
    }

    /// <summary>
    /// Makes this SA the rekeyed successor of <paramref name="predecessor"/> (§2.18): SKEYSEED from its SK_d with its
    /// prf over SK(0) | Ni | Nr | SK(1) | … | SK(n) (RFC 9370 §2.2.4), our keys with our prf; it is established, with
    /// the peer's identity, NAT state and Child SAs. The caller clears the secrets.
    /// </summary>
    internal void Succeed(IkeSa predecessor, NegotiatedIkeAlgorithms algorithms, byte[] nonceInitiator, byte[] nonceResponder, IReadOnlyList<byte[]> sharedSecrets)
    {
        Algorithms = algorithms;
        NonceInitiator = nonceInitiator;
        NonceResponder = nonceResponder;
        UseSkeyseed(IkeKeyDerivation.ComputeSkeyseed(predecessor.Algorithms!.Prf, predecessor.Keys!.SK_d, sharedSecrets, nonceInitiator, nonceResponder));
        RemoteIdentity = predecessor.RemoteIdentity;
        LocalBehindNat = predecessor.LocalBehindNat;
        RemoteBehindNat = predecessor.RemoteBehindNat;
        FragmentationSupported = predecessor.FragmentationSupported;
        IntermediateSupported = predecessor.IntermediateSupported;
        PeerSignatureHashes = predecessor.PeerSignatureHashes;
        State = IkeSaState.Established;
    }

    /// <summary>The Child SAs move to the rekeyed IKE SA that survives (§2.8).</summary>
    internal void TakeChildSasFrom(IkeSa predecessor)
    {
        if (predecessor._childSas is { Count: > 0 } taken)
        {
            (_childSas ??= []).AddRange(taken);
            taken.Clear();
        }
    }

    private void UseSkeyseed(byte[] skeyseed)
    {
        var algorithms = Algorithms!;
        Keys = IkeKeyDerivation.DeriveIkeSaKeys(algorithms.Prf, skeyseed, NonceInitiator, NonceResponder, InitiatorSpi, ResponderSpi, algorithms.Encryption, algorithms.Integrity);
        CryptographicOperations.ZeroMemory(skeyseed);
        Outbound = EncryptedPayloadCipher.ForSending(Keys, IsOriginalInitiator, algorithms.Encryption, algorithms.Integrity);
        Inbound = EncryptedPayloadCipher.ForReceiving(Keys, IsOriginalInitiator, algorithms.Encryption, algorithms.Integrity);
    }

    /// <summary>
    /// Our response to request <paramref name="messageId"/>, resent when the peer retransmits that request (§2.1).
    /// Those of the last <see cref="IkeSaOptions.WindowSize"/> requests are kept: the peer cannot have an older one
    /// outstanding (§2.3).
    /// </summary>
    internal bool TryGetResponse(uint messageId, out IReadOnlyList<byte[]> response)
    {
        foreach (var (id, datagrams) in _responses)
        {
            if (id == messageId)
            {
                response = datagrams;
                return true;
            }
        }

        response = [];
        return false;
    }

    /// <summary>Whether <paramref name="datagram"/> is the IKE_SA_INIT request this SA answered, byte for byte.</summary>
    internal bool IsInitRequest(ReadOnlySpan<byte> datagram)
    {
        if (_initRequestDigest is null)
        {
            return InitRequest.AsSpan().SequenceEqual(datagram);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(datagram, digest);
        return digest.SequenceEqual(_initRequestDigest);
    }

    /// <summary>Keeps the response to request <paramref name="messageId"/> and moves the window past what is answered.</summary>
    internal void Answered(uint messageId, IReadOnlyList<byte[]> response)
    {
        // A few entries at most (the window), so an array: a dictionary per SA would cost more than what it holds.
        var highest = messageId;
        foreach (var (id, _) in _responses)
        {
            highest = Math.Max(highest, id);
        }

        var kept = new List<(uint, IReadOnlyList<byte[]>)>(_responses.Length + 1);
        foreach (var entry in _responses)
        {
            if (entry.MessageId != messageId && highest - entry.MessageId < (uint)Options.WindowSize)
            {
                kept.Add(entry);
            }
        }

        if (highest - messageId < (uint)Options.WindowSize)
        {
            kept.Add((messageId, response));
        }

        _responses = [.. kept];
        while (TryGetResponse(ExpectedRequestId, out _))
        {
            ExpectedRequestId++;
        }
    }

    internal void SetState(IkeSaState state)
    {
        if (State != state)
        {
            State = state;
            if (state == IkeSaState.Established)
            {
                ForgetInitMessages();
            }

            Report(new IkeSaStateChanged(InitiatorSpi, ResponderSpi, Remote, state));
        }
    }

    internal void Fail(NotifyMessageType? notify, string reason)
    {
        Report(new IkeSaFailed(InitiatorSpi, ResponderSpi, Remote, notify, reason));
        SetState(IkeSaState.Failed);
    }

    internal void AddChildSa(ChildSa childSa, ChildSa? replaces = null)
    {
        (_childSas ??= []).Add(childSa);
        Report(new ChildSaEstablished(InitiatorSpi, ResponderSpi, Remote, childSa, replaces?.InboundSpi));
    }

    /// <summary>Removes the Child SAs whose outbound SPIs the peer deleted; returns their inbound SPIs.</summary>
    internal IReadOnlyList<uint> RemoveChildSas(IReadOnlyList<uint> outboundSpis)
    {
        var removed = ChildSas.Where(c => outboundSpis.Contains(c.OutboundSpi)).ToList();
        foreach (var childSa in removed)
        {
            RemoveChildSa(childSa);
        }

        return [.. removed.Select(c => c.InboundSpi)];
    }

    internal void RemoveChildSa(ChildSa childSa)
    {
        _rekeyedByPeer?.Remove(childSa);
        if (_childSas is not null && _childSas.Remove(childSa))
        {
            Report(new ChildSaDeleted(InitiatorSpi, ResponderSpi, Remote, childSa.InboundSpi, childSa.OutboundSpi));
            childSa.Dispose();
        }
    }

    internal void ChildSaFailed(NotifyMessageType? notify, string reason) =>
        Report(new ChildSaFailed(InitiatorSpi, ResponderSpi, Remote, notify, reason));

    internal void Report(IkeEvent e) => (_events ??= []).Add(e);

    internal IReadOnlyList<IkeEvent> TakeEvents()
    {
        var events = _events;
        _events = null;
        return (IReadOnlyList<IkeEvent>?)events ?? [];
    }

    /// <summary>
    /// AUTH is done, and with it the need for IKE_SA_INIT's messages (a few hundred bytes each, a kilobyte and more
    /// with a post-quantum key exchange): a responder keeps the digest of the request and the response to answer a
    /// retransmitted IKE_SA_INIT; an initiator keeps neither. The responder's choice of conn is made too: its
    /// candidates and the proposal they had to accept would weigh on every idle IKE SA for its life.
    /// </summary>
    private void ForgetInitMessages()
    {
        ResponderCandidates = null;
        ChosenIkeProposal = null;
        if (!IsOriginalInitiator && InitRequest.Length > 0)
        {
            _initRequestDigest = SHA256.HashData(InitRequest);
        }
        else if (IsOriginalInitiator)
        {
            InitResponse = [];
        }

        InitRequest = [];
    }

    /// <summary>Forgets our requests in flight (their retransmission timers are the caller's).</summary>
    internal void ClearInFlight() => _inFlight?.Clear();

    public void Dispose()
    {
        if (_inFlight is not null)
        {
            foreach (var pending in _inFlight.Values)
            {
                pending.Timer?.Dispose();
            }
        }

        HalfOpenTimer?.Dispose();
        foreach (var followups in AwaitedFollowups?.Values.ToList() ?? [])
        {
            followups.Stop();
        }

        KeepaliveTimer?.Dispose();
        LivenessTimer?.Dispose();
        Keys?.Dispose();
        Intermediate.Dispose();
        Outbound?.Dispose();
        Inbound?.Dispose();
        foreach (var childSa in ChildSas)
        {
            childSa.Dispose();
        }
    }

    public override string ToString() => $"{InitiatorSpi:x16}_i {ResponderSpi:x16}_r {Remote} {State}";
}
