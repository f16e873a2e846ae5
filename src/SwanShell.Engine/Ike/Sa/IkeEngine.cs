using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Runs IKE SAs over datagrams: creates them as initiator or responder, dispatches each datagram to its SA by SPI,
/// runs the exchanges' tasks, keeps one request in flight per SA with exponential back-off on a
/// <see cref="TimeProvider"/>, and answers a retransmitted request with the cached response (RFC 7296 §2.1).
/// Every entry point takes one lock, so datagrams and timers may arrive on any thread. Nothing escapes
/// <see cref="Receive"/>: malformed or unauthenticated input becomes an error reply or an <see cref="IkeMessageDropped"/>.
/// </summary>
public sealed class IkeEngine : IDisposable
{
    /// <summary>IKE_SA_INIT restarts for INVALID_KE_PAYLOAD and COOKIE before giving up.</summary>
    private const int MaxInitRetries = 3;

    private readonly object _gate = new();
    private readonly IPEndPoint _local;
    private readonly IIkeDatagramSender _sender;
    private readonly TimeProvider _time;
    /// <summary>libreswan's pause before it revives a connection whose peer refused it.</summary>
    private static readonly TimeSpan RevivalDelay = TimeSpan.FromSeconds(5);

    private readonly Func<IPEndPoint, IkeSaOptions?> _responderOptions;
    private readonly HashSet<ITimer> _revivals = [];
    private readonly Dictionary<ulong, IkeSa> _sas = [];
    private readonly Dictionary<(ulong InitiatorSpi, IPEndPoint Remote), IkeSa> _respondedInits = [];
    private readonly Dictionary<IkeSa, int> _initRetries = [];

    // Responder SAs between IKE_SA_INIT and IKE_AUTH, counted as they come and go: flood control must not walk every SA.
    private readonly Dictionary<IPAddress, int> _halfOpenByAddress = [];
    private int _halfOpen;
    private readonly IkeEngineOptions _options;
    private readonly CookieGenerator _cookies;

    /// <param name="local">The address and port we send from and receive on.</param>
    /// <param name="sender">Sends our datagrams.</param>
    /// <param name="time">The clock of retransmission timers.</param>
    /// <param name="responderOptions">The options for an IKE SA a peer starts, chosen by its address; null refuses it.</param>
    /// <param name="options">Limits against floods; <see cref="IkeEngineOptions.Default"/> when null.</param>
    public IkeEngine(IPEndPoint local, IIkeDatagramSender sender, TimeProvider time, Func<IPEndPoint, IkeSaOptions?> responderOptions, IkeEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _local = local;
        _sender = sender;
        _time = time;
        _responderOptions = responderOptions;
        _options = options ?? IkeEngineOptions.Default;
        _cookies = new CookieGenerator(time, _options.CookieSecretLifetime);
    }

    /// <summary>
    /// The options that may take an IKE SA a peer starts from an address, in order of preference: at IKE_AUTH the
    /// responder moves from the options IKE_SA_INIT got to the one that fits the peer's ID best
    /// (<see cref="IkeSaOptionsSwitched"/>). Enumerated lazily, under the engine's lock. Null: the SA keeps its options.
    /// </summary>
    public Func<IPEndPoint, IEnumerable<IkeSaOptions>>? ResponderCandidates { get; init; }

    /// <summary>Raised, under the engine's lock, for everything observable.</summary>
    public event Action<IkeEvent>? EventRaised;

    public IReadOnlyList<IkeSa> Sas
    {
        get
        {
            lock (_gate)
            {
                return [.. _sas.Values];
            }
        }
    }

    /// <summary>The SA whose SPI on our side is <paramref name="localSpi"/>, if the engine still has it.</summary>
    public IkeSa? Find(ulong localSpi)
    {
        lock (_gate)
        {
            return _sas.GetValueOrDefault(localSpi);
        }
    }

    /// <summary>Starts IKE_SA_INIT, then IKE_AUTH with its first Child SA.</summary>
    public IkeSa Initiate(IkeSaOptions options, IPEndPoint remote) => Initiate(options, remote, attempt: 1);

    private IkeSa Initiate(IkeSaOptions options, IPEndPoint remote, int attempt, bool revival = false)
    {
        lock (_gate)
        {
            var sa = new IkeSa(true, NewSpi(), 0, _local, remote, options, _time) { InitiatedTo = remote, Attempt = attempt, Revival = revival };
            _sas[sa.InitiatorSpi] = sa;
            sa.Queued.Enqueue(new QueuedExchange(ExchangeType.IKE_AUTH, () => options.Childless && sa.PeerSupportsChildless
                ? [new IkeAuthTask(sa)]
                : [new IkeAuthTask(sa), new ChildCreateTask(sa, ExchangeType.IKE_AUTH)]));
            StartExchange(sa, ExchangeType.IKE_SA_INIT, [new IkeInitTask(sa)]);
            Flush(sa);
            return sa;
        }
    }

    /// <summary>Sends an empty INFORMATIONAL request: a liveness check (RFC 7296 §1.4).</summary>
    public void CheckLiveness(IkeSa sa) => Enqueue(sa, new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(sa)]));

    /// <summary>Deletes the IKE SA and its Child SAs with an INFORMATIONAL Delete (RFC 7296 §1.4.1).</summary>
    public void Delete(IkeSa sa) => Enqueue(sa, new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(sa, deleteIkeSa: true)], Exclusive: true));

    /// <summary>Negotiates another Child SA for the IKE SA's traffic selectors with CREATE_CHILD_SA (RFC 7296 §1.3.1).</summary>
    public void CreateChildSa(IkeSa sa) => Enqueue(sa, new QueuedExchange(ExchangeType.CREATE_CHILD_SA, () => [new ChildCreateTask(sa, ExchangeType.CREATE_CHILD_SA)]));

    /// <summary>Replaces a Child SA with a new one (§1.3.3), with PFS when its proposals carry a key exchange, then deletes the old one.</summary>
    public void RekeyChildSa(IkeSa sa, ChildSa childSa) =>
        Enqueue(sa, new QueuedExchange(ExchangeType.CREATE_CHILD_SA, () => [new ChildCreateTask(sa, ExchangeType.CREATE_CHILD_SA, childSa)]));

    /// <summary>Replaces the IKE SA with a rekeyed one (§1.3.2) and then deletes it; its Child SAs move to the new SA.</summary>
    public void RekeyIkeSa(IkeSa sa) => Enqueue(sa, new QueuedExchange(ExchangeType.CREATE_CHILD_SA, () => [new IkeRekeyTask(sa)], Exclusive: true));

    /// <summary>Deletes a Child SA, both directions, with an INFORMATIONAL Delete (§1.4.1).</summary>
    public void DeleteChildSa(IkeSa sa, ChildSa childSa) =>
        Enqueue(sa, new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(sa, deleteChildSas: [childSa])]));

    /// <summary>One datagram as received (after any non-ESP marker).</summary>
    /// <param name="datagram">The UDP payload.</param>
    /// <param name="remote">Where it came from.</param>
    /// <param name="local">Where it arrived (port 500 or 4500); our configured endpoint when null.</param>
    public void Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote, IPEndPoint? local = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        local ??= _local;

        // A NAT-keepalive (RFC 3948 §2.3) only keeps the peer's NAT mapping open.
        if (datagram.Span is [0xff])
        {
            return;
        }

        lock (_gate)
        {
            IkeMessage message;
            try
            {
                message = IkeMessage.Parse(datagram);
            }
            catch (IkeProtocolException e)
            {
                RefuseMalformed(datagram.Span, remote, local, e);
                return;
            }

            var header = message.Header;
            if (!header.IsResponse && header.ExchangeType == ExchangeType.IKE_SA_INIT && header.ResponderSpi == 0)
            {
                ReceiveInitRequest(message, datagram, remote, local);
                return;
            }

            // The I flag tells whether the sender is the original initiator, and so which SPI is ours.
            var ourSpi = header.IsInitiator ? header.ResponderSpi : header.InitiatorSpi;
            if (!_sas.TryGetValue(ourSpi, out var sa) || sa.IsOriginalInitiator == header.IsInitiator)
            {
                Raise(new IkeMessageDropped(header.InitiatorSpi, header.ResponderSpi, remote, $"no IKE SA with SPI {ourSpi:x16}"));
                return;
            }

            if (header.IsResponse)
            {
                ReceiveResponse(sa, message, datagram, remote, local);
            }
            else
            {
                ReceiveRequest(sa, message, remote, local);
            }

            Flush(sa);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var sa in _sas.Values)
            {
                sa.Dispose();
            }

            _sas.Clear();
            foreach (var revival in _revivals)
            {
                revival.Dispose();
            }

            _revivals.Clear();
            _respondedInits.Clear();
            _halfOpenByAddress.Clear();
            _halfOpen = 0;
        }
    }

    private void Enqueue(IkeSa sa, QueuedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(sa);
        lock (_gate)
        {
            if (sa.State is IkeSaState.Failed or IkeSaState.Deleted)
            {
                return;
            }

            sa.Queued.Enqueue(exchange);
            if (sa.State == IkeSaState.Established)
            {
                StartNext(sa);
            }

            Flush(sa);
        }
    }

    /// <summary>Starts queued exchanges, in order, while the peer's window has room for them.</summary>
    private void StartNext(IkeSa sa)
    {
        while (sa.HasQueued && sa.Queued.TryPeek(out var next) && HasRoom(sa, next.Exclusive))
        {
            sa.Queued.Dequeue();
            StartExchange(sa, next.Exchange, next.CreateTasks(), next.Exclusive);
        }
    }

    /// <summary>
    /// §2.3: request X waits for the responses to all requests up to X - window. The window is 1 until the IKE SA
    /// is up, and an exclusive exchange has the SA to itself.
    /// </summary>
    private static bool HasRoom(IkeSa sa, bool exclusive)
    {
        if (!sa.HasInFlight)
        {
            return sa.State is not (IkeSaState.Failed or IkeSaState.Deleted);
        }

        return sa.State == IkeSaState.Established && !exclusive && !sa.InFlight.Values.Any(p => p.Exclusive)
            && sa.NextRequestId - sa.InFlight.Keys.First() < sa.PeerWindowSize;
    }

    private void StartExchange(IkeSa sa, ExchangeType exchange, IReadOnlyList<IIkeTask> tasks, bool exclusive = false)
    {
        var payloads = new List<IkePayload>();
        try
        {
            foreach (var task in tasks)
            {
                task.BuildRequest(payloads);
            }
        }
        catch (IkeProtocolException e)
        {
            // We cannot make our request (no signature the peer accepts): nothing to send, the SA fails here.
            sa.Fail(e.NotifyType, e.Message);
            Remove(sa);
            return;
        }

        var messageId = sa.NextRequestId++;
        var header = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.NoNextPayload, exchange, Flags(sa, response: false), messageId, 0);
        FoldIntermediate(sa, header, payloads);
        var datagrams = Encode(sa, header, payloads);
        if (exchange == ExchangeType.IKE_SA_INIT)
        {
            sa.InitRequest = datagrams[0];
        }

        var pending = new PendingRequest(exchange, messageId, tasks, datagrams, _time.GetUtcNow(), exclusive);
        sa.InFlight[messageId] = pending;
        Send(sa, pending.Datagrams, exchange, messageId, isResponse: false, isRetransmission: false);
        ScheduleRetransmission(sa, pending);
    }

    private void ScheduleRetransmission(IkeSa sa, PendingRequest pending)
    {
        pending.Timer?.Dispose();
        var delay = sa.Options.Retransmission.Delay(pending.Retransmissions);
        if (sa.State == IkeSaState.Established && sa.Options.Liveness?.Timeout is { } deadline)
        {
            // dpdtimeout: the peer is dead once a request has gone unanswered this long, whatever retransmissions remain.
            var left = pending.SentAt + deadline - _time.GetUtcNow();
            delay = left < delay ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : delay;
        }

        pending.Timer = _time.CreateTimer(_ => Retransmit(sa, pending), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Retransmit(IkeSa sa, PendingRequest pending)
    {
        lock (_gate)
        {
            if (sa.InFlight.GetValueOrDefault(pending.MessageId) != pending)
            {
                return;
            }

            var deadline = sa.State == IkeSaState.Established ? sa.Options.Liveness?.Timeout : null;
            var timedOut = deadline is { } d && _time.GetUtcNow() - pending.SentAt >= d;
            if (pending.Retransmissions >= sa.Options.Retransmission.Tries || timedOut)
            {
                var reason = timedOut
                    ? $"no response to {pending.Exchange} within {deadline!.Value.TotalSeconds} s"
                    : $"no response to {pending.Exchange} after {pending.Retransmissions} retransmissions";
                var wasEstablished = sa.State == IkeSaState.Established;
                sa.Fail(null, reason);
                Remove(sa);
                if (wasEstablished)
                {
                    PeerDead(sa);
                }
                else if (sa.InitiatedTo is { } remote && MayTryAgain(sa))
                {
                    Initiate(sa.Options, remote, sa.Attempt + 1, sa.Revival);
                }
            }
            else
            {
                pending.Retransmissions++;
                Send(sa, pending.Datagrams, pending.Exchange, pending.MessageId, isResponse: false, isRetransmission: true);
                ScheduleRetransmission(sa, pending);
            }

            Flush(sa);
        }
    }

    private void ReceiveInitRequest(IkeMessage message, ReadOnlyMemory<byte> datagram, IPEndPoint remote, IPEndPoint local)
    {
        var header = message.Header;
        if (_respondedInits.TryGetValue((header.InitiatorSpi, remote), out var existing))
        {
            if (existing.IsInitRequest(datagram.Span))
            {
                Send(existing, [existing.InitResponse], ExchangeType.IKE_SA_INIT, 0, isResponse: true, isRetransmission: true);
                Flush(existing);
            }
            else
            {
                Raise(new IkeMessageDropped(header.InitiatorSpi, 0, remote, "a second, different IKE_SA_INIT for an IKE SA already answered"));
            }

            return;
        }

        var options = _responderOptions(remote);
        if (options is null || header.MessageId != 0)
        {
            Raise(new IkeMessageDropped(header.InitiatorSpi, 0, remote, options is null ? "no connection accepts this peer" : "IKE_SA_INIT with a Message ID other than 0"));
            return;
        }

        if (!PassesFloodControl(message, remote, local))
        {
            return;
        }

        var sa = new IkeSa(false, header.InitiatorSpi, NewSpi(), local, remote, options, _time) { ResponderCandidates = ResponderCandidates is { } candidates ? () => candidates(remote) : null };
        Raise(new IkeMessageReceived(header.InitiatorSpi, 0, remote, ExchangeType.IKE_SA_INIT, 0, IsResponse: false));
        var task = new IkeInitTask(sa);
        var response = new List<IkePayload>();
        try
        {
            task.ProcessRequest(message.Payloads);
            task.BuildResponse(response);
        }
        catch (IkeProtocolException e) when (e.NotifyType is { } notify)
        {
            // No state is kept for a refused IKE_SA_INIT; the answer carries responder SPI 0 (§2.6, §1.3).
            var refusal = new IkeMessage(
                new IkeHeader(header.InitiatorSpi, 0, PayloadType.NoNextPayload, ExchangeType.IKE_SA_INIT, IkeHeaderFlags.Response, 0, 0),
                [new NotifyPayload(notify, e.NotificationData)]).Encode();
            _sender.Send(refusal, local, remote);
            Raise(new IkeSaFailed(header.InitiatorSpi, 0, remote, notify, e.Message));
            sa.Dispose();
            return;
        }

        var responseHeader = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.NoNextPayload, ExchangeType.IKE_SA_INIT, Flags(sa, response: true), 0, 0);
        sa.InitRequest = datagram.ToArray();
        sa.InitResponse = new IkeMessage(responseHeader, response).Encode();
        sa.Answered(0, [sa.InitResponse]);
        sa.NextRequestId = 0;
        _sas[sa.ResponderSpi] = sa;
        sa.RespondedInitKey = (sa.InitiatorSpi, remote);
        _respondedInits[(sa.InitiatorSpi, remote)] = sa;
        sa.SetState(IkeSaState.Authenticating);
        StartHalfOpen(sa);
        StartKeepalives(sa);
        sa.HalfOpenTimer = _time.CreateTimer(_ => ExpireHalfOpen(sa), null, _options.HalfOpenTimeout, Timeout.InfiniteTimeSpan);
        Send(sa, [sa.InitResponse], ExchangeType.IKE_SA_INIT, 0, isResponse: true, isRetransmission: false);
        Flush(sa);
    }

    /// <summary>
    /// Blocks a peer address with too many half-open SAs, and above the cookie threshold answers an IKE_SA_INIT
    /// without a valid COOKIE (which must come first, §2.6) with a fresh one and nothing else.
    /// </summary>
    private bool PassesFloodControl(IkeMessage message, IPEndPoint remote, IPEndPoint local)
    {
        var header = message.Header;
        if (_halfOpenByAddress.GetValueOrDefault(remote.Address) >= _options.BlockThreshold)
        {
            Raise(new IkeMessageDropped(header.InitiatorSpi, 0, remote, $"{remote.Address} already has {_options.BlockThreshold} half-open IKE SAs"));
            return false;
        }

        if (_halfOpen < _options.CookieThreshold)
        {
            return true;
        }

        var nonce = message.Payloads.Find<NoncePayload>()?.NonceData ?? ReadOnlyMemory<byte>.Empty;
        if (message.Payloads.Count > 0 && message.Payloads[0] is NotifyPayload { NotifyType: NotifyMessageType.COOKIE } cookie
            && _cookies.Verify(cookie.NotificationData.Span, nonce.Span, remote.Address, header.InitiatorSpi))
        {
            return true;
        }

        var challenge = new IkeMessage(
            new IkeHeader(header.InitiatorSpi, 0, PayloadType.NoNextPayload, ExchangeType.IKE_SA_INIT, IkeHeaderFlags.Response, 0, 0),
            [new NotifyPayload(NotifyMessageType.COOKIE, _cookies.Create(nonce.Span, remote.Address, header.InitiatorSpi))]).Encode();
        _sender.Send(challenge, local, remote);
        Raise(new IkeMessageDropped(header.InitiatorSpi, 0, remote, $"{_halfOpen} half-open IKE SAs: answered with a COOKIE"));
        return false;
    }

    private void ExpireHalfOpen(IkeSa sa)
    {
        lock (_gate)
        {
            if (sa.State == IkeSaState.Authenticating && _sas.ContainsKey(sa.LocalSpi))
            {
                sa.Fail(null, $"no IKE_AUTH within {_options.HalfOpenTimeout.TotalSeconds} s of IKE_SA_INIT");
                Remove(sa);
                Flush(sa);
            }
        }
    }

    private void ReceiveRequest(IkeSa sa, IkeMessage message, IPEndPoint remote, IPEndPoint local)
    {
        var header = message.Header;
        if (sa.TryGetResponse(header.MessageId, out var answered))
        {
            // A retransmitted fragmented request gets the response once, on its first fragment (RFC 7383 §2.6.1).
            if (message.Payloads is not [.., EncryptedFragmentPayload { FragmentNumber: > 1 }])
            {
                Send(sa, answered, header.ExchangeType, header.MessageId, isResponse: true, isRetransmission: true);
            }

            return;
        }

        // §2.3: the window is one until the IKE SA is up; then requests may come out of order within the window we announced.
        var window = sa.State == IkeSaState.Established ? (uint)sa.Options.WindowSize : 1;
        if (header.MessageId < sa.ExpectedRequestId || header.MessageId - sa.ExpectedRequestId >= window)
        {
            var wanted = window == 1 ? $"{sa.ExpectedRequestId}" : $"{sa.ExpectedRequestId}-{sa.ExpectedRequestId + window - 1}";
            sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, $"request {header.MessageId} where {wanted} was expected"));
            return;
        }

        var expected = header.ExchangeType switch
        {
            ExchangeType.IKE_AUTH => sa.State == IkeSaState.Authenticating,
            ExchangeType.IKE_INTERMEDIATE => sa.State == IkeSaState.Authenticating && sa.IntermediateSupported,
            ExchangeType.CREATE_CHILD_SA or ExchangeType.INFORMATIONAL or ExchangeType.IKE_FOLLOWUP_KE => sa.State == IkeSaState.Established,
            _ => false,
        };
        if (!expected)
        {
            sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, $"{header.ExchangeType} request in state {sa.State}"));
            return;
        }

        var response = new List<IkePayload>();
        IReadOnlyList<IIkeTask> tasks = [];
        IkeProtocolException? failure = null;
        byte[]? intermediateStep = null;
        try
        {
            if (Open(sa, message) is not { } opened)
            {
                return; // more fragments to come
            }

            var request = opened.Payloads;
            if (header.ExchangeType == ExchangeType.IKE_INTERMEDIATE)
            {
                intermediateStep = opened.IntermediateStep(sa, isResponse: false);
            }

            tasks = header.ExchangeType switch
            {
                // An IKE_AUTH without an SA payload asks for the IKE SA alone (RFC 6023 §3), which we announced.
                ExchangeType.IKE_AUTH when request.Find<SecurityAssociationPayload>() is null => [new IkeAuthTask(sa)],
                ExchangeType.IKE_AUTH => [new IkeAuthTask(sa), new ChildCreateTask(sa, ExchangeType.IKE_AUTH)],
                ExchangeType.INFORMATIONAL => [new InformationalTask(sa)],
                ExchangeType.IKE_INTERMEDIATE => [new IkeIntermediateTask(sa)],
                ExchangeType.IKE_FOLLOWUP_KE => [new FollowupKeTask(sa)],

                // CREATE_CHILD_SA rekeys the IKE SA when it proposes protocol IKE (§1.3.2).
                _ when request.Find<SecurityAssociationPayload>()?.Proposals is [{ ProtocolId: SecurityProtocolId.IKE }, ..] => [new IkeRekeyTask(sa)],
                _ => [new ChildCreateTask(sa, ExchangeType.CREATE_CHILD_SA)],
            };
            Heard(sa, remote, local);
            sa.Report(new IkeMessageReceived(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, header.ExchangeType, header.MessageId, IsResponse: false));
            foreach (var task in tasks)
            {
                task.ProcessRequest(request);
            }

            foreach (var task in tasks)
            {
                task.BuildResponse(response);
            }
        }
        catch (IkeProtocolException e) when (e.NotifyType is null)
        {
            sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, e.Message));
            return;
        }
        catch (IkeProtocolException e)
        {
            // §2.21.2: an error in an authenticated request is answered in the protected response, alone.
            failure = e;
            response = [new NotifyPayload(e.NotifyType!.Value, e.NotificationData)];
        }

        // Only a request we answer joins the IntAuth chain (a dropped one may come again), then our answer.
        if (intermediateStep is not null)
        {
            sa.Intermediate.Add(fromInitiator: true, intermediateStep);
        }

        var responseHeader = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.NoNextPayload, header.ExchangeType, Flags(sa, response: true), header.MessageId, 0);
        FoldIntermediate(sa, responseHeader, response);
        var encoded = Encode(sa, responseHeader, response);
        sa.Answered(header.MessageId, encoded);
        Send(sa, encoded, header.ExchangeType, header.MessageId, isResponse: true, isRetransmission: false);
        if (failure is null && tasks is [IkeIntermediateTask intermediate])
        {
            intermediate.UpdateKeys();
        }

        if (failure is not null && header.ExchangeType is ExchangeType.IKE_AUTH or ExchangeType.IKE_INTERMEDIATE)
        {
            sa.Fail(failure.NotifyType, failure.Message);
            Remove(sa);
        }
        else if (header.ExchangeType == ExchangeType.IKE_AUTH)
        {
            sa.HalfOpenTimer?.Dispose();
            sa.HalfOpenTimer = null;
            EndHalfOpen(sa);
            sa.SetState(IkeSaState.Established);
            StartLivenessChecks(sa);
        }
        else if (tasks.OfType<InformationalTask>().Any(t => t.DeletesIkeSa))
        {
            if (sa.CollidingRekey?.NewSa is { } successor)
            {
                // The peer saw our rekey lose (§2.8.2) before we heard back: its new SA takes over.
                sa.CollidingRekey = null;
                Adopt(sa, successor);
            }

            sa.SetState(IkeSaState.Deleted);
            Remove(sa);
        }
        else if (RekeyOf(tasks) is { } rekey && (rekey.NewSa is not null || rekey.FollowingUp))
        {
            if (sa.InFlight.Values.Any(p => p.Tasks.OfType<IkeRekeyTask>().Any()))
            {
                // §2.8.2: both ends rekey at once. Their new SA, once made, answers messages; which rekey survives
                // is decided when our own CREATE_CHILD_SA ends.
                sa.CollidingRekey = rekey;
                if (rekey.NewSa is { } successor)
                {
                    _sas[successor.LocalSpi] = successor;
                }
            }
            else if (rekey.NewSa is { } successor)
            {
                Adopt(sa, successor);
            }
        }

        WatchFollowups(sa);
    }

    /// <summary>The IKE SA rekey among an exchange's tasks, directly or continued by an IKE_FOLLOWUP_KE.</summary>
    private static IkeRekeyTask? RekeyOf(IReadOnlyList<IIkeTask> tasks) =>
        tasks.Select(t => t is FollowupKeTask followup ? followup.Continues : t).OfType<IkeRekeyTask>().FirstOrDefault();

    /// <summary>
    /// RFC 9370 §2.2.4: an initiator that lost its state never sends the IKE_FOLLOWUP_KE we await, and the half-made
    /// SA must not stay until the IKE SA ends. We wait as long as the initiator may retransmit (our own retransmission
    /// budget stands for the peer's): its follow-up, or its CREATE_CHILD_SA again for a lost answer, may take that long.
    /// </summary>
    private void WatchFollowups(IkeSa sa)
    {
        var wait = sa.Options.Retransmission.Budget;
        foreach (var followups in sa.AwaitedFollowups?.Values ?? Enumerable.Empty<FollowupKeyExchanges>())
        {
            if (followups.Timer is null)
            {
                ITimer? timer = null;
                timer = _time.CreateTimer(_ => ExpireFollowups(sa, followups, timer!, wait), null, wait, Timeout.InfiniteTimeSpan);
                followups.Timer = timer;
            }
        }
    }

    private void ExpireFollowups(IkeSa sa, FollowupKeyExchanges followups, ITimer timer, TimeSpan waited)
    {
        lock (_gate)
        {
            // Answered or stopped since, or waiting again for a later follow-up with a timer of its own.
            if (followups.Timer == timer)
            {
                followups.Expire(waited);
                Flush(sa);
            }
        }
    }

    /// <summary>
    /// Our rekey of the IKE SA ended. Alone, its new SA takes over. After simultaneous rekeys (§2.8.2) the new SA
    /// made with the lowest of the four nonces is redundant and is deleted by whoever initiated its exchange; the
    /// other takes over, and the initiator of that one deletes the old SA.
    /// </summary>
    private void EndRekey(IkeSa sa, IkeRekeyTask ours)
    {
        var theirs = sa.CollidingRekey;
        sa.CollidingRekey = null;
        if (ours.FollowingUp)
        {
            // Ours goes on with IKE_FOLLOWUP_KE, so a colliding rekey lost (ours stops otherwise), and the peer
            // stops it rather than follow it up (RFC 9370 §2.2.4).
            theirs?.Stop();
            return;
        }

        if (theirs is not { } collision)
        {
            if (ours.NewSa is { } successor)
            {
                Adopt(sa, successor);
            }

            return;
        }

        if (ours.NewSa is { } mine && collision.LowestNonce.AsSpan().SequenceCompareTo(ours.LowestNonce) < 0)
        {
            // Theirs is redundant: the peer deletes it, or never makes it if follow-ups were still to come.
            collision.Stop();
            Adopt(sa, mine);
            return;
        }

        if (ours.NewSa is { } redundant)
        {
            _sas[redundant.LocalSpi] = redundant;
            redundant.Queued.Enqueue(new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(redundant, deleteIkeSa: true)], Exclusive: true));
            StartNext(redundant);
            Flush(redundant);
        }

        if (collision.NewSa is { } survivor)
        {
            Adopt(sa, survivor);
        }

        // Otherwise its IKE_FOLLOWUP_KE exchanges are still to come, and the last one makes its new SA take over.
    }

    /// <summary>Takes over the successor of a rekeyed IKE SA; the rekey initiator then deletes the old one (§1.3.2).</summary>
    private void Adopt(IkeSa predecessor, IkeSa successor)
    {
        _sas[successor.LocalSpi] = successor;
        successor.TakeChildSasFrom(predecessor);
        predecessor.Superseded = true;
        predecessor.Report(new IkeSaRekeyed(predecessor.InitiatorSpi, predecessor.ResponderSpi, predecessor.Remote, successor));
        StartKeepalives(successor);
        StartLivenessChecks(successor);
        successor.LastHeard = _time.GetUtcNow();

        // Whichever side rekeyed, nothing more starts on the old SA: it only waits for its Delete.
        predecessor.Queued.Clear();
        if (successor.IsOriginalInitiator)
        {
            predecessor.Queued.Enqueue(new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(predecessor, deleteIkeSa: true)], Exclusive: true));
        }
    }

    private void ReceiveResponse(IkeSa sa, IkeMessage message, ReadOnlyMemory<byte> datagram, IPEndPoint remote, IPEndPoint local)
    {
        var header = message.Header;
        if (!sa.InFlight.TryGetValue(header.MessageId, out var pending) || header.ExchangeType != pending.Exchange)
        {
            sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, $"response {header.MessageId} to no request of ours"));
            return;
        }

        var retry = false;
        byte[]? intermediateStep = null;
        try
        {
            IReadOnlyList<IkePayload> response;
            if (pending.Exchange == ExchangeType.IKE_SA_INIT)
            {
                response = message.Payloads;
                if (header.ResponderSpi != 0)
                {
                    sa.ResponderSpi = header.ResponderSpi;
                }
            }
            else if (Open(sa, message) is { } opened)
            {
                response = opened.Payloads;
                Heard(sa, remote, local);
                if (header.ExchangeType == ExchangeType.IKE_INTERMEDIATE)
                {
                    // With the keys that protected it, before its key exchange replaces them; kept once it is processed.
                    intermediateStep = opened.IntermediateStep(sa, isResponse: true);
                }
            }
            else
            {
                return; // more fragments to come
            }

            sa.Report(new IkeMessageReceived(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, header.ExchangeType, header.MessageId, IsResponse: true));
            foreach (var task in pending.Tasks)
            {
                switch (task.ProcessResponse(response))
                {
                    case TaskOutcome.Retry:
                        retry = true;
                        break;
                    case TaskOutcome.Stale:
                        sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, $"a late {header.ExchangeType} response to an earlier attempt"));
                        return;
                }
            }
        }
        catch (IkeProtocolException e) when (e.NotifyType is null && pending.Exchange != ExchangeType.IKE_SA_INIT)
        {
            // A forged or damaged response: keep waiting for the real one.
            sa.Report(new IkeMessageDropped(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, e.Message));
            return;
        }
        catch (IkeProtocolException e)
        {
            pending.Timer?.Dispose();
            sa.InFlight.Remove(pending.MessageId);
            if (pending.Exchange == ExchangeType.IKE_AUTH && e.NotifyType is { } notify && sa.Outbound is not null)
            {
                TellPeerAndDelete(sa, notify);
            }

            var wasEstablished = sa.State == IkeSaState.Established;
            sa.Fail(e.NotifyType, e.Message);
            Remove(sa);
            if (sa.Revival && !wasEstablished)
            {
                ReviveLater(sa);
            }

            return;
        }

        if (intermediateStep is not null)
        {
            sa.Intermediate.Add(fromInitiator: false, intermediateStep);
        }

        pending.Timer?.Dispose();
        sa.InFlight.Remove(pending.MessageId);
        if (retry && pending.Exchange != ExchangeType.IKE_SA_INIT)
        {
            // CREATE_CHILD_SA after INVALID_KE_PAYLOAD: that exchange is over; its tasks run again as a new one when
            // the window has room (another request may still be in flight below this one).
            sa.Queued.Enqueue(new QueuedExchange(pending.Exchange, () => pending.Tasks, pending.Exclusive));
            StartNext(sa);
            return;
        }

        if (retry)
        {
            var retries = _initRetries.GetValueOrDefault(sa) + 1;
            _initRetries[sa] = retries;
            if (retries > MaxInitRetries)
            {
                sa.Fail(null, $"IKE_SA_INIT restarted {MaxInitRetries} times without success");
                Remove(sa);
                return;
            }

            sa.ResponderSpi = 0;
            sa.NextRequestId = 0;
            StartExchange(sa, ExchangeType.IKE_SA_INIT, pending.Tasks);
            return;
        }

        switch (pending.Exchange)
        {
            case ExchangeType.IKE_SA_INIT:
                sa.InitResponse = datagram.ToArray();
                sa.SetState(IkeSaState.Authenticating);
                if (sa.NatDetected)
                {
                    // §2.23: behind a NAT, everything after IKE_SA_INIT goes from and to port 4500.
                    sa.Local = new IPEndPoint(sa.Local.Address, NatDetection.NatTraversalPort);
                    sa.Remote = new IPEndPoint(sa.Remote.Address, NatDetection.NatTraversalPort);
                }

                StartKeepalives(sa);
                QueueIntermediates(sa);
                break;
            case ExchangeType.IKE_AUTH:
                sa.SetState(IkeSaState.Established);
                StartLivenessChecks(sa);
                break;
            case ExchangeType.INFORMATIONAL when pending.Tasks.OfType<InformationalTask>().Any(t => t.DeletesIkeSa):
                sa.SetState(IkeSaState.Deleted);
                Remove(sa);
                return;
            case ExchangeType.CREATE_CHILD_SA or ExchangeType.IKE_FOLLOWUP_KE when RekeyOf(pending.Tasks) is { } rekey:
                EndRekey(sa, rekey);
                break;
        }

        StartNext(sa);
    }

    /// <summary>One IKE_INTERMEDIATE exchange per negotiated additional key exchange (RFC 9370 §2.2.2), before IKE_AUTH.</summary>
    private static void QueueIntermediates(IkeSa sa)
    {
        var later = sa.Queued.ToList();
        sa.Queued.Clear();
        foreach (var _ in sa.Algorithms!.AdditionalKeyExchanges)
        {
            sa.Queued.Enqueue(new QueuedExchange(ExchangeType.IKE_INTERMEDIATE, () => [new IkeIntermediateTask(sa)]));
        }

        foreach (var exchange in later)
        {
            sa.Queued.Enqueue(exchange);
        }
    }

    /// <summary>An IKE_INTERMEDIATE message we send joins its IntAuth chain, encoded as sent, with the keys that protect it (RFC 9242 §3.3.2).</summary>
    private static void FoldIntermediate(IkeSa sa, IkeHeader header, List<IkePayload> payloads)
    {
        if (header.ExchangeType == ExchangeType.IKE_INTERMEDIATE)
        {
            sa.Intermediate.AddSent(header, payloads, sa.Algorithms!.Prf, sa.Keys!);
        }
    }

    /// <summary>
    /// When the initiator rejects the responder's IKE_AUTH answer, the responder believes the SA is up: tell it
    /// in a protected INFORMATIONAL request with the error and a Delete (§2.21.2). Sent once; we do not wait.
    /// </summary>
    private void TellPeerAndDelete(IkeSa sa, NotifyMessageType notify)
    {
        var header = new IkeHeader(sa.InitiatorSpi, sa.ResponderSpi, PayloadType.NoNextPayload, ExchangeType.INFORMATIONAL, Flags(sa, response: false), sa.NextRequestId, 0);
        var datagrams = Encode(sa, header, [new NotifyPayload(notify), new DeletePayload(SecurityProtocolId.IKE, [])]);
        Send(sa, datagrams, ExchangeType.INFORMATIONAL, header.MessageId, isResponse: false, isRetransmission: false);
    }

    /// <summary>Once established, checks every Delay whether the peer has been silent that long, and probes it if so.</summary>
    private void StartLivenessChecks(IkeSa sa)
    {
        if (sa.Options.Liveness is { } liveness)
        {
            sa.LivenessTimer = _time.CreateTimer(_ => CheckIdle(sa, liveness.Delay), null, liveness.Delay, liveness.Delay);
        }
    }

    private void CheckIdle(IkeSa sa, TimeSpan delay)
    {
        lock (_gate)
        {
            if (sa.State == IkeSaState.Established && !sa.HasInFlight && !sa.HasQueued && _time.GetUtcNow() - sa.LastHeard >= delay)
            {
                sa.Queued.Enqueue(new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(sa)]));
                StartNext(sa);
            }

            Flush(sa);
        }
    }

    /// <summary>
    /// dpdaction: report, and for Restart negotiate a new IKE SA with the same peer and options. Only the original
    /// initiator restarts: it knows where it first reached the peer, while a responder may only know a NAT mapping.
    /// </summary>
    private void PeerDead(IkeSa sa)
    {
        var action = sa.Options.Liveness?.Action ?? LivenessAction.Hold;
        sa.Report(new IkePeerDead(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, action));
        if (action == LivenessAction.Restart && sa.InitiatedTo is { } remote)
        {
            Initiate(sa.Options, remote, attempt: 1, revival: true);
        }
    }

    private static bool MayTryAgain(IkeSa sa) => sa.Options.KeyingTries == 0 || sa.Attempt < sa.Options.KeyingTries;

    /// <summary>
    /// A peer that died and comes back may refuse us until its connection is loaded again (NO_PROPOSAL_CHOSEN,
    /// AUTHENTICATION_FAILED): a revival tries again after a pause, within keyingtries, as libreswan revives conns.
    /// </summary>
    private void ReviveLater(IkeSa sa)
    {
        if (sa.InitiatedTo is not { } remote || !MayTryAgain(sa))
        {
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    if (_revivals.Remove(timer!))
                    {
                        timer!.Dispose();
                        Initiate(sa.Options, remote, sa.Attempt + 1, revival: true);
                    }
                }
            },
            null,
            RevivalDelay,
            Timeout.InfiniteTimeSpan);
        _revivals.Add(timer);
    }

    /// <summary>
    /// An authenticated message arrived: the peer is alive, and with a NAT in the path its address is that of this
    /// message (§2.23), since NAT mappings change and the initiator floats to port 4500.
    /// </summary>
    private void Heard(IkeSa sa, IPEndPoint remote, IPEndPoint local)
    {
        sa.LastHeard = _time.GetUtcNow();

        // Behind a NAT the peer's mapping may change; without one, a peer may still move to port 4500 after
        // IKE_SA_INIT (§2.23; strongSwan always does). Either way we follow, and answer where the request arrived (§2.11).
        if (sa.NatDetected || !local.Equals(sa.Local))
        {
            sa.Remote = remote;
            sa.Local = local;
        }
    }

    /// <summary>Behind a NAT, a one-octet 0xFF datagram keeps the mapping open (RFC 3948 §4).</summary>
    private void StartKeepalives(IkeSa sa)
    {
        if (sa.LocalBehindNat)
        {
            sa.KeepaliveTimer = _time.CreateTimer(_ => SendKeepalive(sa), null, _options.KeepaliveInterval, _options.KeepaliveInterval);
        }
    }

    private void SendKeepalive(IkeSa sa)
    {
        lock (_gate)
        {
            if (sa.State is IkeSaState.Authenticating or IkeSaState.Established)
            {
                _sender.Send(new byte[] { 0xff }, sa.Local, sa.Remote);
            }
        }
    }

    /// <summary>A protected message decrypted, or null while fragments are still missing.</summary>
    internal static OpenedMessage? Open(IkeSa sa, IkeMessage message)
    {
        var inbound = sa.Inbound ?? throw IkeProtocolException.IntegrityCheckFailed("a protected message before keys exist");
        switch (message.Payloads.Count == 0 ? null : message.Payloads[^1])
        {
            case EncryptedPayload sk:
                var payloads = inbound.Decrypt(sk, out var inner);
                return new OpenedMessage(payloads, sk.Message[..IkeHeader.Size], sk.Message.Span[sk.Offset + 1], sk.FirstInnerPayload, inner);
            case EncryptedFragmentPayload skf when sa.FragmentationSupported:
                var key = (message.Header.IsResponse, message.Header.MessageId);
                if (!sa.Reassemblers.TryGetValue(key, out var reassembler))
                {
                    sa.Reassemblers[key] = reassembler = new FragmentReassembler();
                }

                if (!reassembler.TryAdd(skf, inbound, out var whole, out var wholeInner, out var first))
                {
                    return null;
                }

                sa.Reassemblers.Remove(key);
                return new OpenedMessage(whole, skf.Message[..IkeHeader.Size], skf.Message.Span[skf.Offset + 1], first, wholeInner);
            default:
                throw IkeProtocolException.IntegrityCheckFailed($"an unprotected {message.Header.ExchangeType} message");
        }
    }

    private static IReadOnlyList<byte[]> Encode(IkeSa sa, IkeHeader header, IReadOnlyList<IkePayload> payloads)
    {
        if (header.ExchangeType == ExchangeType.IKE_SA_INIT)
        {
            return [new IkeMessage(header, payloads).Encode()];
        }

        var whole = sa.Outbound!.Encrypt(header, payloads);
        return sa.FragmentationSupported && whole.Length > sa.Options.FragmentSize
            ? sa.Outbound.EncryptFragments(header, payloads, sa.Options.FragmentSize)
            : [whole];
    }

    private void Send(IkeSa sa, IReadOnlyList<byte[]> datagrams, ExchangeType exchange, uint messageId, bool isResponse, bool isRetransmission)
    {
        foreach (var datagram in datagrams)
        {
            _sender.Send(datagram, sa.Local, sa.Remote);
        }

        sa.Report(new IkeMessageSent(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, exchange, messageId, isResponse, isRetransmission, datagrams.Count));
    }

    /// <summary>
    /// A datagram that does not parse. Only an IKE_SA_INIT request gets an (unprotected) error reply (§2.21.1);
    /// anything else could be forged, so it is dropped.
    /// </summary>
    private void RefuseMalformed(ReadOnlySpan<byte> datagram, IPEndPoint remote, IPEndPoint local, IkeProtocolException e)
    {
        if (datagram.Length < IkeHeader.Size)
        {
            Raise(new IkeMessageDropped(0, 0, remote, e.Message));
            return;
        }

        var initiatorSpi = BinaryPrimitives.ReadUInt64BigEndian(datagram);
        var responderSpi = BinaryPrimitives.ReadUInt64BigEndian(datagram[8..]);
        var isInitRequest = datagram[18] == (byte)ExchangeType.IKE_SA_INIT && (datagram[19] & (byte)IkeHeaderFlags.Response) == 0 && responderSpi == 0;
        if (isInitRequest && e.NotifyType is { } notify)
        {
            var reply = new IkeMessage(
                new IkeHeader(initiatorSpi, 0, PayloadType.NoNextPayload, ExchangeType.IKE_SA_INIT, IkeHeaderFlags.Response, 0, 0),
                [new NotifyPayload(notify, e.NotificationData)]).Encode();
            _sender.Send(reply, local, remote);
        }

        Raise(new IkeMessageDropped(initiatorSpi, responderSpi, remote, e.Message));
    }

    /// <summary>Forgets the SA and clears its keys; its pending events are still flushed.</summary>
    private void Remove(IkeSa sa)
    {
        _sas.Remove(sa.LocalSpi);
        if (sa.RespondedInitKey is { } key)
        {
            _respondedInits.Remove(key);
        }

        _initRetries.Remove(sa);
        EndHalfOpen(sa);
        sa.Dispose();
        sa.ClearInFlight();
    }

    private void StartHalfOpen(IkeSa sa)
    {
        sa.HalfOpenFrom = sa.Remote.Address;
        _halfOpen++;
        _halfOpenByAddress[sa.Remote.Address] = _halfOpenByAddress.GetValueOrDefault(sa.Remote.Address) + 1;
    }

    private void EndHalfOpen(IkeSa sa)
    {
        if (sa.HalfOpenFrom is not { } address)
        {
            return;
        }

        sa.HalfOpenFrom = null;
        _halfOpen--;
        if (--_halfOpenByAddress[address] == 0)
        {
            _halfOpenByAddress.Remove(address);
        }
    }

    private void Flush(IkeSa sa)
    {
        foreach (var e in sa.TakeEvents())
        {
            Raise(e);
        }
    }

    private void Raise(IkeEvent e) => EventRaised?.Invoke(e);

    private static IkeHeaderFlags Flags(IkeSa sa, bool response) =>
        (sa.IsOriginalInitiator ? IkeHeaderFlags.Initiator : IkeHeaderFlags.None) | (response ? IkeHeaderFlags.Response : IkeHeaderFlags.None);

    internal static ulong NewSpi()
    {
        ulong spi;
        do
        {
            spi = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        }
        while (spi == 0);

        return spi;
    }
}
