using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon.Network;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// The daemon's IKE side: one engine per local address with its IKE and NAT-T sockets, the IKE SAs of each
/// connection, and the kernel state of their Child SAs. Engines run on socket and timer threads under their own
/// lock; everything they report goes to the event loop, which alone touches connections and the kernel.
/// </summary>
public sealed class IkeService : IIkeDatagramSender, IDisposable
{
    // The events an engine raised for the datagram the current receive thread is handing it; null on other threads.
    [ThreadStatic]
    private static List<Action>? _datagramEvents;

    private readonly EventLoop _loop;

    // When each IKE SA is to be rekeyed or deleted: one timer for all of them.
    private readonly DueTimeQueue<ActiveIkeSa> _lifetimes;
    private readonly IKernel _kernel;
    private readonly DaemonLog _log;
    private readonly Dictionary<ulong, ActiveIkeSa> _active = [];
    private readonly ConditionalWeakTable<IkeSaOptions, Connection> _initiatedFor = [];
    private readonly ConditionalWeakTable<IkeSa, ActiveIkeSa> _forgotten = [];
    private readonly Dictionary<(ActiveIkeSa Sa, uint? ChildInboundSpi), TaskCompletionSource> _rekeys = [];
    private readonly int _ikePort;
    private readonly int _natTraversalPort;
    private readonly bool _kernelEspInUdp;
    private readonly IkeEngineOptions _engineOptions;
    private readonly KernelChildSpis _childSpis;
    private readonly Dictionary<(Connection Connection, IPAddress Peer), uint> _uniqueMarks = [];
    private uint _lastUniqueMark;

    /// <summary>The IKE SA whose Child SA holds each of a connection's policies in the kernel (checked when read).</summary>
    private readonly Dictionary<(Connection Connection, KernelPolicyId Policy), ActiveIkeSa> _policyHolders = [];

    /// <summary>
    /// The IKE SAs with a Child SA whose own policies include each of a connection's policy ids: the heirs a going Child
    /// SA may hand its policies to, found without computing the policies of every Child SA of a hub.
    /// </summary>
    private readonly Dictionary<(Connection Connection, KernelPolicyId Policy), HashSet<ActiveIkeSa>> _coverers = [];

    private readonly Dictionary<Connection, HashSet<ActiveIkeSa>> _activeByConnection = [];

    // Responder options per connection, made when a peer first needs them and kept while the secrets stay the same
    // (null: it cannot respond, already logged); thousands of conns load without making options for each.
    private readonly Dictionary<Connection, Lazy<IkeSaOptions?>> _responderOptions = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IkeSaOptions, Connection> _responderOf = new(ReferenceEqualityComparer.Instance);
    private IpsecSecrets? _responderSecrets;
    private ResponderSet _responders = ResponderSet.Empty;
    private ulong _nextSerial;

    // Replaced whole (never changed in place) when --listen binds more addresses: socket threads read them without a lock.
    private ImmutableDictionary<IPAddress, IkeEngine> _engines = ImmutableDictionary<IPAddress, IkeEngine>.Empty;
    private ImmutableList<IkeSocket> _sockets = [];

    /// <param name="loop">The daemon's event loop.</param>
    /// <param name="kernel">Where Child SAs go.</param>
    /// <param name="log">The daemon's log.</param>
    /// <param name="addresses">The local addresses to listen on.</param>
    /// <param name="ikePort">UDP port for IKE (500); 0 picks one per address.</param>
    /// <param name="natTraversalPort">UDP port for NAT-T (4500); 0 picks one per address.</param>
    /// <param name="kernelEspInUdp">Whether the kernel takes ESP-in-UDP from the NAT-T sockets (real XFRM).</param>
    /// <param name="engineOptions">Flood control and keepalives, from <c>config setup</c>.</param>
    public IkeService(EventLoop loop, IKernel kernel, DaemonLog log, IEnumerable<IPAddress> addresses, int ikePort, int natTraversalPort, bool kernelEspInUdp, IkeEngineOptions engineOptions)
    {
        _loop = loop;
        _lifetimes = new DueTimeQueue<ActiveIkeSa>(TimeProvider.System, work => loop.Post(work), LifetimeReached);
        _kernel = kernel;
        _log = log;
        _ikePort = ikePort;
        _natTraversalPort = natTraversalPort;
        _kernelEspInUdp = kernelEspInUdp;
        _engineOptions = engineOptions;
        _childSpis = new KernelChildSpis(kernel, log);
        try
        {
            foreach (var address in addresses)
            {
                Bind(address);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The IKE endpoints listened on.</summary>
    public IReadOnlyList<IPEndPoint> IkeEndPoints => [.. _sockets.Where(s => !s.NatTraversal).Select(s => s.LocalEndPoint)];

    /// <summary>Datagrams dropped before reaching an engine (not IKE, or for an address we do not serve).</summary>
    public long DroppedDatagrams => _sockets.Sum(s => s.DroppedCount);

    /// <summary>What happened since the daemon started (<c>ipsec globalstatus</c>'s totals). Event loop only.</summary>
    public IkeTotals Totals { get; } = new();

    /// <summary>
    /// <c>uniqueids=</c>: a peer ID names one peer, so a new IKE SA of a connection from the same peer ID, for the same
    /// traffic, replaces the older ones (the peer restarted and lost them); with false they stay, unless the peer sent
    /// INITIAL_CONTACT.
    /// </summary>
    public bool UniqueIds { get; init; } = true;

    /// <summary>Every IKE SA the daemon tracks. Event loop only.</summary>
    public IEnumerable<ActiveIkeSa> AllSas => _active.Values;

    /// <summary>
    /// <c>whack --listen</c>: binds the IKE and NAT-T sockets of the addresses not yet listened on (an interface that came
    /// up since the start). Returns the steps, done unless <paramref name="whatIf"/>. Event loop only.
    /// </summary>
    public IReadOnlyList<string> Listen(IEnumerable<IPAddress> addresses, bool whatIf)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var steps = new List<string>();
        foreach (var address in addresses.Where(a => !_engines.ContainsKey(a)).Distinct().ToList())
        {
            steps.Add($"listen for IKE on {address} UDP {_ikePort} and NAT-T on UDP {_natTraversalPort}");
            if (!whatIf)
            {
                Bind(address);
            }
        }

        return steps;
    }

    /// <summary>
    /// <c>whack --rekey-ike</c> / <c>--rekey-child</c>: starts a CREATE_CHILD_SA rekey of the connection's established IKE SA
    /// or of each of its Child SAs. The task completes when every rekey is done (faults when one fails). Event loop only.
    /// </summary>
    public (IReadOnlyList<string> Steps, Task Done) Rekey(Connection connection, bool ike, bool whatIf)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var steps = new List<string>();
        var pending = new List<Task>();
        foreach (var active in SasOf(connection).Where(a => a.Sa.State == IkeSaState.Established && !a.Retired).ToList())
        {
            if (ike)
            {
                steps.Add($"send CREATE_CHILD_SA to {active.Sa.Remote} to rekey IKE SA #{active.Serial} (new SPIs and keys; its Child SAs move to the new IKE SA, the old one is deleted)");
                if (!whatIf)
                {
                    pending.Add(Expect(active, null));
                    active.Engine.RekeyIkeSa(active.Sa);
                }

                continue;
            }

            foreach (var child in active.Children.Where(c => !c.Replacing))
            {
                steps.Add($"send CREATE_CHILD_SA to {active.Sa.Remote} to rekey Child SA #{child.Serial} (ESP {child.ChildSa.InboundSpi:x8}/{child.ChildSa.OutboundSpi:x8}); kernel: add the new SAs, then delete the old ones");
                if (!whatIf)
                {
                    child.Replacing = true;
                    pending.Add(Expect(active, child.ChildSa.InboundSpi));
                    active.Engine.RekeyChildSa(active.Sa, child.ChildSa);
                }
            }
        }

        if (steps.Count == 0)
        {
            throw new ControlException(ControlErrorCodes.InvalidOperation,
                $"'{connection.Name}' has no established {(ike ? "IKE SA" : "Child SA")} to rekey; bring it up first (Start-IpsecConnection).", connection.Name);
        }

        return (steps, Task.WhenAll(pending));
    }

    /// <summary>
    /// <c>whack --deletestate N</c>: deletes the IKE SA (with its Child SAs) or the Child SA of serial N, telling the peer.
    /// Returns the connection it belonged to and the steps. Event loop only.
    /// </summary>
    public (Connection Connection, IReadOnlyList<string> Steps) DeleteState(ulong serial, bool whatIf, Action<string, string?> verbose)
    {
        ArgumentNullException.ThrowIfNull(verbose);
        if (_active.Values.FirstOrDefault(a => a.Serial == serial && !a.Retired) is { } ike)
        {
            return (ike.Connection, Terminate([ike], whatIf, verbose));
        }

        foreach (var active in _active.Values)
        {
            if (active.Children.FirstOrDefault(c => c.Serial == serial) is { } child)
            {
                List<string> steps = [$"send INFORMATIONAL Delete for Child SA #{serial} (ESP {child.ChildSa.InboundSpi:x8}) to {active.Sa.Remote}", .. child.Removal.Select(o => o.Describe())];
                if (!whatIf)
                {
                    active.Engine.DeleteChildSa(active.Sa, child.ChildSa);
                    Uninstall(active, child.ChildSa.InboundSpi);
                }

                return (active.Connection, steps);
            }
        }

        throw new ControlException(ControlErrorCodes.StateNotFound, $"The daemon has no IKE or Child SA #{serial}; Get-IpsecStatus lists the SAs with their serials.", $"#{serial}");
    }

    /// <summary>Whether a Child SA of the connection is up: its traffic then needs the routes of leftsourceip. Event loop only.</summary>
    public bool CarriesTraffic(Connection connection) => SasOf(connection).Any(sa => sa.Children.Count > 0);

    /// <summary>The IKE SAs of a connection. Event loop only.</summary>
    public IEnumerable<ActiveIkeSa> SasOf(Connection connection) =>
        _activeByConnection.TryGetValue(connection, out var sas) ? sas : [];

    /// <summary>
    /// Rebuilds what peers may start with us: one entry per connection whose PSK is known. Called on the loop
    /// when connections or secrets change; engines read the snapshot from their own threads.
    /// </summary>
    public void UpdateResponders(IEnumerable<Connection> connections, IpsecSecrets? secrets)
    {
        if (!ReferenceEquals(secrets, _responderSecrets))
        {
            _responderOptions.Clear();
            _responderSecrets = secrets;
        }

        // Adding one conn to thousands costs a dictionary lookup per conn, not options for each.
        var entries = new List<ResponderEntry>();
        var current = new HashSet<Connection>();
        foreach (var connection in connections.Where(c => c.Definition.Type is ConnectionType.Tunnel or ConnectionType.Transport))
        {
            current.Add(connection);
            if (!_responderOptions.TryGetValue(connection, out var options))
            {
                options = new Lazy<IkeSaOptions?>(() => ResponderOptionsOf(connection, secrets), LazyThreadSafetyMode.ExecutionAndPublication);
                _responderOptions[connection] = options;
            }

            entries.Add(new ResponderEntry(connection, options));
        }

        foreach (var gone in _responderOptions.Where(c => !current.Contains(c.Key)).ToList())
        {
            _responderOptions.Remove(gone.Key);
        }

        foreach (var stale in _responderOf.Where(o => !_responderOptions.TryGetValue(o.Value, out var lazy) || !lazy.IsValueCreated || lazy.Value != o.Key).ToList())
        {
            _responderOf.TryRemove(stale.Key, out _);
        }

        Interlocked.Exchange(ref _responders, new ResponderSet(entries));
    }

    /// <summary><c>--up</c>: starts IKE_SA_INIT; the task completes when the first Child SA is in the kernel. Event loop only.</summary>
    /// <param name="connection">The connection to bring up.</param>
    /// <param name="secrets">Where its PSK comes from.</param>
    /// <param name="stateChanged">Told of each state the new IKE SA reaches, on the event loop.</param>
    public Task<InstalledChildSa> Initiate(Connection connection, IpsecSecrets? secrets, Action<IkeSaState>? stateChanged = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var remote = connection.RemoteAddress
            ?? throw new ControlException(ControlErrorCodes.InvalidOperation, $"'{connection.Name}' cannot be brought up from here: its remote end is %any; the peer must initiate.", connection.Name);
        var engine = EngineFor(connection);
        // No IKE SA with the peer, not even one under way: one that starts a thousand tunnels at once says it only once.
        var firstContact = !_active.Values.Any(a => !a.Retired && a.Sa.Remote.Address.Equals(remote));
        var options = IkeSaOptionsFactory.Create(connection, secrets, firstContact, _childSpis.For(connection));
        _initiatedFor.AddOrUpdate(options, connection);
        var sa = engine.Initiate(options, new IPEndPoint(remote, connection.Oriented.Remote.IkePort ?? 500));
        var active = Track(sa, engine, connection);
        active.StateObserver = stateChanged;
        active.FirstChild = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return active.FirstChild.Task;
    }

    /// <summary><c>--down</c>: deletes the connection's IKE SAs (and so their Child SAs) and takes their state out of the kernel. Event loop only.</summary>
    public IReadOnlyList<string> Terminate(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        TrackRetries(connection);
        return Terminate([.. SasOf(connection)], whatIf, verbose);
    }

    private List<string> Terminate(IReadOnlyList<ActiveIkeSa> sas, bool whatIf, Action<string, string?> verbose)
    {
        ArgumentNullException.ThrowIfNull(verbose);
        var steps = new List<string>();
        foreach (var active in sas)
        {
            steps.Add($"send INFORMATIONAL Delete for IKE SA #{active.Serial} to {active.Sa.Remote}");
            foreach (var child in active.Children)
            {
                steps.AddRange(child.Removal.Select(o => o.Describe()));
            }

            if (!whatIf)
            {
                active.Engine.Delete(active.Sa);
                Forget(active, verbose);
                active.FirstChild?.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed, $"'{active.Connection.Name}' was taken down.", active.Connection.Name));
            }
        }

        return steps;
    }

    /// <summary>
    /// EXPIRE from the kernel for a Child SA's kernel SA. Soft starts the rekey (rekey=yes); hard means the kernel
    /// dropped the SA, so the Child SA is deleted with the peer too, unless its replacement is under way. Event loop only.
    /// </summary>
    public void Expired(ExpireEvent expire)
    {
        ArgumentNullException.ThrowIfNull(expire);
        var (active, child) = _active.Values
            .SelectMany(a => a.Children.Select(c => (Active: a, Child: c)))
            .FirstOrDefault(x => x.Child.Inbound.Id == expire.Sa || x.Child.Outbound.Id == expire.Sa);
        if (active is null || child is null || child.Replacing || (!expire.Hard && !active.Connection.Definition.Rekey))
        {
            return;
        }

        child.Replacing = true;
        if (expire.Hard)
        {
            _log.Write($"\"{active.Connection.Name}\" #{child.Serial}: Child SA reached its hard lifetime: deleting it");
            active.Engine.DeleteChildSa(active.Sa, child.ChildSa);
        }
        else
        {
            _log.Write($"\"{active.Connection.Name}\" #{child.Serial}: Child SA reached its soft lifetime: rekeying it");
            active.Engine.RekeyChildSa(active.Sa, child.ChildSa);
        }
    }

    public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        var natTraversal = local.Port == NatDetection.NatTraversalPort;
        var socket = _sockets.FirstOrDefault(s => s.LocalEndPoint.Address.Equals(local.Address) && s.NatTraversal == natTraversal)
            ?? _sockets.First(s => s.LocalEndPoint.Address.Equals(local.Address));
        socket.Send(datagram.Span, remote);
        Trace("sent", datagram.Span, "to", remote);
    }

    /// <summary><c>whack --debug base</c>: a line per IKE message, from its header alone (payloads may carry secrets).</summary>
    private void Trace(string what, ReadOnlySpan<byte> message, string direction, IPEndPoint remote)
    {
        if (_log.Debug == Logging.DebugLevel.None)
        {
            return;
        }

        try
        {
            var header = IkeHeader.Read(message);
            _log.Write($"debug: {what} {header.ExchangeType} {(header.IsResponse ? "response" : "request")} #{header.MessageId} ({message.Length} bytes) {direction} {remote}");
        }
        catch (IkeProtocolException e)
        {
            _log.Write($"debug: {what} {message.Length} bytes that are not IKE ({e.Message}) {direction} {remote}");
        }
    }

    public void Dispose()
    {
        _lifetimes.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }

    /// <summary>The IKE and NAT-T sockets of one address and the engine behind them.</summary>
    private void Bind(IPAddress address)
    {
        // IKE itself must never be caught by the policies it negotiates.
        var ike = IkeSocket.Bind(new IPEndPoint(address, _ikePort), natTraversal: false, kernelEspInUdp: false, Received, _kernel.BypassPolicies);
        IkeSocket natTraversal;
        try
        {
            natTraversal = IkeSocket.Bind(new IPEndPoint(address, _natTraversalPort), natTraversal: true, _kernelEspInUdp, Received, _kernel.BypassPolicies);
        }
        catch
        {
            ike.Dispose();
            throw;
        }

        var engine = new IkeEngine(ike.LocalEndPoint, this, TimeProvider.System, ResponderOptions, _engineOptions)
        {
            ResponderCandidates = remote => _responders.Candidates(remote.Address),
        };
        engine.EventRaised += e =>
        {
            // The daemon acts on no message sent or received: posting them would wake the loop four more times a handshake.
            if (e is not (IkeMessageSent or IkeMessageReceived))
            {
                Action work = () => OnEvent(engine, e);
                if (_datagramEvents is { } datagramEvents)
                {
                    // Raised under the engine's lock: run on the loop once the engine has returned (Received).
                    datagramEvents.Add(work);
                }
                else
                {
                    _loop.Post(work);
                }
            }
        };
        _sockets = _sockets.Add(ike).Add(natTraversal);
        _engines = _engines.Add(address, engine);
        _log.Write($"listening for IKE on {ike.LocalEndPoint} and NAT-T on {natTraversal.LocalEndPoint}");
    }

    private Task Expect(ActiveIkeSa active, uint? childInboundSpi)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rekeys[(active, childInboundSpi)] = done;
        return done.Task;
    }

    /// <summary>Ends the rekeys waited for on an SA: one (a Child SA's, or the IKE SA's with null), or all when it failed or went away.</summary>
    private void EndRekeys(ActiveIkeSa active, string? failure, Func<uint?, bool> which)
    {
        foreach (var key in _rekeys.Keys.Where(k => k.Sa == active && which(k.ChildInboundSpi)).ToList())
        {
            _rekeys.Remove(key, out var done);
            if (failure is null)
            {
                done!.TrySetResult();
            }
            else
            {
                done!.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed, $"'{active.Connection.Name}': the rekey failed: {failure}", active.Connection.Name));
            }
        }
    }

    private void Received(ReadOnlyMemory<byte> message, IPEndPoint remote, IkeSocket socket)
    {
        Trace("received", message.Span, "from", remote);
        if (_engines.TryGetValue(socket.LocalEndPoint.Address, out var engine))
        {
            var events = _datagramEvents = [];
            try
            {
                engine.Receive(message, remote, socket.LocalEndPoint);
            }
            catch (Exception e)
            {
                // As on the event loop: one failed datagram must not stop the daemon; it is logged and dropped.
                _log.Write($"internal error (the daemon goes on): a datagram from {remote}: {e}");
                throw;
            }
            finally
            {
                _datagramEvents = null;

                // This thread runs them itself when the loop is idle (as it mostly is under load): waking the loop's
                // thread for each cost the responder about a tenth of its CPU per IKE SA.
                foreach (var work in events)
                {
                    _loop.RunOrPost(work);
                }
            }
        }
    }

    /// <summary>The options for an IKE SA a peer starts: the connection to that peer's address, else one that accepts any peer.</summary>
    private IkeSaOptions? ResponderOptions(IPEndPoint remote) => _responders.For(remote.Address);

    /// <summary>Called by an engine's thread, once per connection and secrets.</summary>
    private IkeSaOptions? ResponderOptionsOf(Connection connection, IpsecSecrets? secrets)
    {
        try
        {
            var options = IkeSaOptionsFactory.Create(connection, secrets, childSpis: _childSpis.For(connection));
            _responderOf[options] = connection;
            return options;
        }
        catch (ControlException e)
        {
            _log.Write($"\"{connection.Name}\": cannot respond to peers: {e.Message}");
            return null;
        }
    }

    private IkeEngine EngineFor(Connection connection) =>
        _engines.TryGetValue(connection.LocalAddress, out var engine)
            ? engine
            : throw new ControlException(ControlErrorCodes.InvalidOperation, $"'{connection.Name}': the daemon does not listen on its local address {connection.LocalAddress}.", connection.Name);

    private ActiveIkeSa Track(IkeSa sa, IkeEngine engine, Connection connection)
    {
        var active = new ActiveIkeSa(++_nextSerial, sa, engine, connection);
        TrackUnder(active, connection);
        return active;
    }

    private void TrackUnder(ActiveIkeSa active, Connection connection)
    {
        _active[active.Sa.InitiatorSpi] = active;
        if (!_activeByConnection.TryGetValue(connection, out var sas))
        {
            sas = [];
            _activeByConnection[connection] = sas;
        }

        sas.Add(active);
    }

    /// <summary>A responder's IKE SA moved, at IKE_AUTH, to the conn that fits the peer's ID (before it has Child SAs).</summary>
    private void Rehome(ActiveIkeSa active, Connection connection)
    {
        Untrack(active);
        active.Connection = connection;
        TrackUnder(active, connection);
    }

    private void Untrack(ActiveIkeSa active)
    {
        if (_active.TryGetValue(active.Sa.InitiatorSpi, out var current) && current == active)
        {
            _active.Remove(active.Sa.InitiatorSpi);
        }

        if (_activeByConnection.TryGetValue(active.Connection, out var sas) && sas.Remove(active) && sas.Count == 0)
        {
            _activeByConnection.Remove(active.Connection);
        }

        if (!SasOf(active.Connection).Any(a => a.Sa.Remote.Address.Equals(active.Sa.Remote.Address)))
        {
            _uniqueMarks.Remove((active.Connection, active.Sa.Remote.Address));
        }
    }

    /// <summary>
    /// The marks of the connection's kernel state with this IKE SA's peer; a <c>-1</c> mark takes a value of the peer's
    /// own, as libreswan gives each instance one, kept while the connection has IKE SAs with that peer.
    /// </summary>
    private SaMarks MarksOf(ActiveIkeSa active)
    {
        if (!SaMarks.AreUnique(active.Connection.Definition))
        {
            return SaMarks.Of(active.Connection.Definition, unique: 0);
        }

        var key = (active.Connection, active.Sa.Remote.Address);
        if (!_uniqueMarks.TryGetValue(key, out var value))
        {
            _uniqueMarks[key] = value = ++_lastUniqueMark;
        }

        return SaMarks.Of(active.Connection.Definition, value);
    }

    private void OnEvent(IkeEngine engine, IkeEvent e)
    {
        var active = Find(engine, e);
        var name = active?.Connection.Name;
        switch (e)
        {
            case IkeSaStateChanged changed when active is not null:
                _log.Write($"\"{name}\" #{active.Serial}: IKE SA {changed.State} with {e.Remote}");
                active.StateObserver?.Invoke(changed.State);
                if (changed.State == IkeSaState.Established)
                {
                    active.EstablishedAt ??= DateTimeOffset.UtcNow;
                    Totals.IkeSasEstablished++;
                    ScheduleLifetime(active);
                    if (active.Children.Count == 0)
                    {
                        // Childless (RFC 6023), or its Child SA was refused: IKE_AUTH's Child SA is reported before this.
                        ReplaceOlder(active, null);
                    }
                }
                else if (changed.State is IkeSaState.Deleted)
                {
                    Forget(active, (m, c) => _log.Write($"\"{c}\": {m}"));
                }

                break;
            case ChildSaEstablished established when active is not null:
                if (established.ReplacesInboundSpi is null)
                {
                    // Before it goes into the kernel: the older SAs' policies are the same as its own.
                    ReplaceOlder(active, established.ChildSa);
                }

                Install(active, established.ChildSa, established.ReplacesInboundSpi);
                break;
            case ChildSaDeleted deleted when active is not null:
                Uninstall(active, deleted.InboundSpi);
                break;
            case IkeSaOptionsSwitched switched when active is not null && OwnerOf(active.Sa) is { } chosen && chosen != active.Connection:
                _log.Write($"\"{chosen.Name}\" #{active.Serial}: the peer is {switched.Peer}: this conn takes the IKE SA that \"{active.Connection.Name}\" answered by address");
                Rehome(active, chosen);
                break;
            case IkeSaRekeyed rekeyed when active is not null:
                Adopt(active, rekeyed.NewSa);
                break;
            case IkeSaRekeyFailed refused when active is not null:
                _log.Write($"\"{name}\" #{active.Serial}: IKE SA rekey refused: {(refused.Notify is { } refusal ? $"{refusal}: " : string.Empty)}{refused.Reason}");
                EndRekeys(active, refused.Reason, child => child is null);
                break;
            case IkePeerDead dead:
                _log.Write($"peer {e.Remote} is dead (liveness checks unanswered); dpdaction={dead.Action.ToString().ToLowerInvariant()}");
                break;
            case IkeSaFailed failed:
                Totals.IkeSasFailed++;
                _log.Write($"{(name is null ? string.Empty : $"\"{name}\" ")}IKE SA with {e.Remote} failed: {failed.Reason}");
                if (active is not null)
                {
                    Forget(active, (m, c) => _log.Write($"\"{c}\": {m}"));
                    active.FirstChild?.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed,
                        $"'{name}' could not be established: {(failed.Notify is { } notify ? $"{notify}: " : string.Empty)}{failed.Reason}", name));
                }

                break;
            case ChildSaFailed refused:
                _log.Write($"\"{name}\": Child SA refused: {refused.Reason}");
                if (active is not null)
                {
                    EndRekeys(active, refused.Reason, child => child is not null);
                }

                active?.FirstChild?.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed,
                    $"'{name}': the IKE SA is up but the Child SA was refused: {(refused.Notify is { } why ? $"{why}: " : string.Empty)}{refused.Reason}", name));
                break;
            case IkeMessageDropped dropped:
                _log.Write($"dropped a message from {dropped.Remote}: {dropped.Reason}");
                break;
        }
    }

    /// <summary>
    /// uniqueids=yes, or INITIAL_CONTACT from the peer: a new Child SA deletes the connection's older IKE SAs with the
    /// same peer ID whose Child SAs carry the same traffic (the peer restarted and set the tunnel up again), with those
    /// Child SAs. The traffic counts too because a responder takes every IKE SA from a peer's address for the first conn
    /// to it, so the IKE SAs of distinct tunnels between two hosts (a hub and its spokes) may share a connection here.
    /// A new childless IKE SA (<paramref name="child"/> null) carries no traffic: it replaces the older childless ones.
    /// </summary>
    private void ReplaceOlder(ActiveIkeSa newest, ChildSa? child)
    {
        if (newest.Sa.RemoteIdentity is not { } peer || !(UniqueIds || newest.Sa.PeerSentInitialContact))
        {
            return;
        }

        var traffic = child is null ? [] : ChildSaPlanner.Selectors(child).ToHashSet();
        var older = SasOf(newest.Connection)
            .Where(a => a.Serial < newest.Serial && !a.Retired && a.Sa.State == IkeSaState.Established && peer.Equals(a.Sa.RemoteIdentity)
                && (child is null ? a.Children.Count == 0 : a.Children.Any(c => traffic.SetEquals(ChildSaPlanner.Selectors(c.ChildSa)))))
            .ToList();
        if (older.Count == 0)
        {
            return;
        }

        var why = newest.Sa.PeerSentInitialContact ? "the peer sent INITIAL_CONTACT" : "uniqueids=yes";
        _log.Write($"\"{newest.Connection.Name}\" #{newest.Serial}: replaces IKE SA {string.Join(", ", older.Select(a => $"#{a.Serial}"))} of the same peer {peer} and traffic ({why}): deleting them with their Child SAs");
        Terminate(older, whatIf: false, (m, c) => _log.Write($"\"{c}\": {m}"));
    }

    /// <summary>The tracked SA an event is about; an SA not yet tracked is tracked under the connection it works for.</summary>
    private ActiveIkeSa? Find(IkeEngine engine, IkeEvent e)
    {
        if (_active.TryGetValue(e.InitiatorSpi, out var active))
        {
            return active;
        }

        // An SA we let go of (taken down, its delete still in flight) must not come back through its late events.
        var sa = engine.Find(e.InitiatorSpi) is { IsOriginalInitiator: true } ours ? ours : engine.Find(e.ResponderSpi);
        return sa is not null && sa.InitiatorSpi == e.InitiatorSpi && !_forgotten.TryGetValue(sa, out _) && OwnerOf(sa) is { } connection
            ? Track(sa, engine, connection)
            : null;
    }

    /// <summary>
    /// The connection an SA works for: the one we initiated it for (also its keyingtries retries and dpdaction=restart
    /// renegotiations, which the engine starts with the same options), or the responder entry whose options it got.
    /// </summary>
    private Connection? OwnerOf(IkeSa sa) =>
        // By options, whatever the role: the successor of a rekeyed IKE SA keeps its predecessor's options, and its
        // original initiator is whoever started the rekey.
        (_initiatedFor.TryGetValue(sa.Options, out var connection) ? connection : null)
            ?? (_responderOf.TryGetValue(sa.Options, out var responder) ? responder : null);

    /// <summary>Tracks the connection's SAs the engine started on its own (retries, restarts) and no event has named yet.</summary>
    private void TrackRetries(Connection connection)
    {
        foreach (var engine in _engines.Values)
        {
            foreach (var sa in engine.Sas.Where(s => s.IsOriginalInitiator && !_active.ContainsKey(s.InitiatorSpi) && OwnerOf(s) == connection))
            {
                Track(sa, engine, connection);
            }
        }
    }

    /// <summary>The IKE SA was rekeyed: its successor takes over its Child SAs (§1.3.2) and gets a lifetime of its own.</summary>
    private void Adopt(ActiveIkeSa predecessor, IkeSa newSa)
    {
        var successor = _active.TryGetValue(newSa.InitiatorSpi, out var known) ? known : Track(newSa, predecessor.Engine, predecessor.Connection);
        successor.Children.AddRange(predecessor.Children);
        HoldPolicies(successor, predecessor.Children.SelectMany(c => c.Installed));
        foreach (var child in predecessor.Children)
        {
            Cover(successor, PolicyIdsOf(successor, child.ChildSa));
        }

        UncoverAll(predecessor);
        predecessor.Children.Clear();
        predecessor.Retired = true;
        Totals.IkeSasEstablished++;
        EndRekeys(predecessor, null, child => child is null);
        successor.EstablishedAt ??= DateTimeOffset.UtcNow;
        ScheduleLifetime(successor);
        _log.Write($"\"{predecessor.Connection.Name}\" #{predecessor.Serial}: IKE SA rekeyed: #{successor.Serial} replaces it");
    }

    /// <summary>
    /// Arms the IKE SA's timer: at its rekey time it is rekeyed (rekey=yes); at the end of its lifetime (rekey=no, or a
    /// rekey that did not happen) it is deleted.
    /// </summary>
    private void ScheduleLifetime(ActiveIkeSa active)
    {
        var definition = active.Connection.Definition;
        var after = definition.Rekey
            ? RekeySchedule.RekeyAfter(definition.IkeLifetime, definition.RekeyMargin, definition.RekeyFuzzPercent, active.Sa.IsOriginalInitiator, Random.Shared)
            : definition.IkeLifetime;
        active.RekeyAt = active.EstablishedAt + after;
        active.RekeyWhenDue = definition.Rekey;
        _lifetimes.Schedule(active, DateTimeOffset.UtcNow + after);
    }

    private void LifetimeReached(ActiveIkeSa active)
    {
        var rekey = active.RekeyWhenDue;
        if (!_active.TryGetValue(active.Sa.InitiatorSpi, out var current) || current != active)
        {
            return;
        }

        if (rekey)
        {
            _log.Write($"\"{active.Connection.Name}\" #{active.Serial}: IKE SA reached its rekey time: rekeying it");
            active.Engine.RekeyIkeSa(active.Sa);
            active.RekeyWhenDue = false;
            _lifetimes.Schedule(active, active.EstablishedAt + active.Connection.Definition.IkeLifetime ?? DateTimeOffset.UtcNow);
        }
        else
        {
            _log.Write($"\"{active.Connection.Name}\" #{active.Serial}: IKE SA reached the end of its lifetime: deleting it");
            active.Engine.Delete(active.Sa);
        }
    }

    /// <summary>
    /// Puts a new Child SA into the kernel; one that replaces a rekeyed Child SA takes over its policies, and so does one
    /// for the traffic of another Child SA of the connection (a second IKE SA of the peer, uniqueids=no): the newest
    /// carries the traffic, and its removal removes the policies.
    /// </summary>
    private void Install(ActiveIkeSa active, ChildSa child, uint? replacesInboundSpi)
    {
        var replaced = active.Children.FirstOrDefault(c => c.ChildSa.InboundSpi == replacesInboundSpi);
        var ids = PolicyIdsOf(active, child);
        var held = replaced is null ? HeldPolicies(active.Connection, ids) : [];
        var (inbound, outbound, plan) = ChildSaPlanner.Plan(active.Connection, active.Sa, child, MarksOf(active), rekey: replaced is not null, held.ToDictionary(h => h.Key, h => h.Value.Policy));
        try
        {
            KernelTransaction.Apply(_kernel, plan, o => _log.Write($"\"{active.Connection.Name}\": kernel: {o.Describe()}"));
        }
        catch (KernelException e)
        {
            _log.Write($"\"{active.Connection.Name}\": the kernel refused the Child SA: {e.Message}");
            active.FirstChild?.TrySetException(new ControlException(ControlErrorCodes.KernelError, $"'{active.Connection.Name}': the Child SA was negotiated but the kernel refused it: {e.Message}", active.Connection.Name));
            return;
        }

        IReadOnlyList<KernelOperation> handedOver = [];
        if (replaced is not null)
        {
            handedOver = [.. replaced.Installed.Where(o => o is not AddSaOperation)];
            active.Children[active.Children.IndexOf(replaced)] = replaced with { Installed = [.. replaced.Installed.OfType<AddSaOperation>()] };
        }

        // The policies updated in place stay with the operations that first installed them (whose undo removes them or
        // puts the trap back), now the new Child SA's.
        var updated = plan.Select(ChildSaPlanner.PolicyIdOf).OfType<KernelPolicyId>().Where(held.ContainsKey).ToHashSet();
        var takenOver = held.Where(h => updated.Contains(h.Key)).Select(h => (h.Value.Sa, h.Value.Child)).Distinct()
            .SelectMany(holder => TakePolicies(holder.Sa, holder.Child, updated.Contains)).ToList();
        List<KernelOperation> own = [.. plan.Where(o => ChildSaPlanner.PolicyIdOf(o) is not { } id || !updated.Contains(id))];
        var installed = new InstalledChildSa(++_nextSerial, child, inbound, outbound, [.. own, .. takenOver, .. handedOver], DateTimeOffset.UtcNow);
        active.Children.Add(installed);
        HoldPolicies(active, installed.Installed);
        Cover(active, ids);
        RouteSource(active.Connection);
        Totals.ChildSasEstablished++;
        _log.Write($"\"{active.Connection.Name}\" #{installed.Serial}: Child SA established{(replaced is null ? string.Empty : $", replacing #{replaced.Serial}")}: {child}");
        if (replaced is not null)
        {
            EndRekeys(active, null, spi => spi == replacesInboundSpi);
        }

        active.FirstChild?.TrySetResult(installed);
    }

    /// <summary>
    /// Which of <paramref name="wanted"/> the connection's Child SAs have in the kernel, by id, with the Child SA whose
    /// removal removes each. Found through <see cref="_policyHolders"/>: a hub's install must not walk its thousands of
    /// Child SAs.
    /// </summary>
    private Dictionary<KernelPolicyId, (ActiveIkeSa Sa, InstalledChildSa Child, KernelPolicy Policy)> HeldPolicies(Connection connection, IEnumerable<KernelPolicyId> wanted)
    {
        var held = new Dictionary<KernelPolicyId, (ActiveIkeSa, InstalledChildSa, KernelPolicy)>();
        foreach (var id in wanted)
        {
            if (_policyHolders.TryGetValue((connection, id), out var sa)
                && sa.Children.SelectMany(child => child.Installed.Select(o => (child, Policy: ChildSaPlanner.PolicyOf(o)))).LastOrDefault(h => h.Policy?.Id == id) is ({ } child, { } policy))
            {
                held[id] = (sa, child, policy);
            }
        }

        return held;
    }

    /// <summary>Notes the IKE SA as the holder of the policies among <paramref name="operations"/>, which one of its Child SAs just took.</summary>
    private void HoldPolicies(ActiveIkeSa sa, IEnumerable<KernelOperation> operations)
    {
        foreach (var policy in operations.Select(ChildSaPlanner.PolicyOf).OfType<KernelPolicy>())
        {
            _policyHolders[(sa.Connection, policy.Id)] = sa;
        }
    }

    /// <summary>The IKE SA let go of these policies (its Child SA went): it is no longer their holder, unless another took them.</summary>
    private void ReleasePolicies(ActiveIkeSa sa, IEnumerable<KernelOperation> operations)
    {
        foreach (var policy in operations.Select(ChildSaPlanner.PolicyOf).OfType<KernelPolicy>())
        {
            if (_policyHolders.TryGetValue((sa.Connection, policy.Id), out var holder) && holder == sa)
            {
                _policyHolders.Remove((sa.Connection, policy.Id));
            }
        }
    }

    /// <summary>The ids of the policies a Child SA of this IKE SA has of its own (before any is taken over or handed on).</summary>
    private List<KernelPolicyId> PolicyIdsOf(ActiveIkeSa sa, ChildSa child) =>
        [.. ChildSaPlanner.Policies(sa.Connection, sa.Sa, child, MarksOf(sa)).Select(p => p.Id)];

    /// <summary>Notes the IKE SA among the coverers of the policies its new (or adopted) Child SA has of its own.</summary>
    private void Cover(ActiveIkeSa sa, IEnumerable<KernelPolicyId> ids)
    {
        foreach (var id in ids)
        {
            if (!_coverers.TryGetValue((sa.Connection, id), out var coverers))
            {
                _coverers[(sa.Connection, id)] = coverers = [];
            }

            coverers.Add(sa);
        }
    }

    /// <summary>A Child SA left the IKE SA: it stops covering those of its policies that none of its other Child SAs covers.</summary>
    private void Uncover(ActiveIkeSa sa, ChildSa child)
    {
        var still = sa.Children.SelectMany(c => PolicyIdsOf(sa, c.ChildSa)).ToHashSet();
        foreach (var id in PolicyIdsOf(sa, child).Where(id => !still.Contains(id)))
        {
            Uncover(sa, id);
        }
    }

    /// <summary>The IKE SA goes, or handed its Child SAs to its successor: it covers nothing any more.</summary>
    private void UncoverAll(ActiveIkeSa sa)
    {
        foreach (var id in sa.Children.SelectMany(c => PolicyIdsOf(sa, c.ChildSa)))
        {
            Uncover(sa, id);
        }
    }

    private void Uncover(ActiveIkeSa sa, KernelPolicyId id)
    {
        if (_coverers.TryGetValue((sa.Connection, id), out var coverers) && coverers.Remove(sa) && coverers.Count == 0)
        {
            _coverers.Remove((sa.Connection, id));
        }
    }

    /// <summary>Takes the operations of the policies <paramref name="which"/> away from a Child SA, which then no longer removes them.</summary>
    private static List<KernelOperation> TakePolicies(ActiveIkeSa sa, InstalledChildSa holder, Func<KernelPolicyId, bool> which)
    {
        var taken = holder.Installed.Where(o => ChildSaPlanner.PolicyIdOf(o) is { } id && which(id)).ToList();
        sa.Children[sa.Children.IndexOf(holder)] = holder with { Installed = [.. holder.Installed.Except(taken)] };
        return taken;
    }

    /// <summary>
    /// A Child SA that goes while another of the connection's IKE SAs still has one for the same traffic (uniqueids=no)
    /// hands its policies over: they are pointed at that one's tunnel and become its to remove. Returns what is left.
    /// </summary>
    private InstalledChildSa HandOverPolicies(ActiveIkeSa active, InstalledChildSa child, Action<string, string?> verbose)
    {
        var policies = child.Installed.Where(o => ChildSaPlanner.PolicyIdOf(o) is not null).ToList();
        if (policies.Count == 0)
        {
            return child;
        }

        // The newest first: it is the one the peer uses last. Only an SA whose Child SA covers the first policy can take them all.
        var coverers = _coverers.TryGetValue((active.Connection, ChildSaPlanner.PolicyIdOf(policies[0])!.Value), out var covering) ? covering : [];
        foreach (var sa in coverers.Where(a => a != active && !a.Retired).OrderByDescending(a => a.Serial).ToList())
        {
            foreach (var heir in Enumerable.Reverse(sa.Children).Where(c => !c.Replacing))
            {
                var theirs = ChildSaPlanner.Policies(active.Connection, sa.Sa, heir.ChildSa, MarksOf(sa)).ToDictionary(p => p.Id);
                if (!policies.All(o => theirs.ContainsKey(ChildSaPlanner.PolicyIdOf(o)!.Value)))
                {
                    continue;
                }

                var handOver = policies.Select(o => theirs[ChildSaPlanner.PolicyIdOf(o)!.Value]).ToList();
                try
                {
                    KernelTransaction.Apply(_kernel, [.. handOver.Select(p => new UpdatePolicyOperation(p, p))]);
                }
                catch (KernelException e)
                {
                    verbose($"kernel: could not hand the policies of Child SA #{child.Serial} over to #{heir.Serial}: {e.Message}", active.Connection.Name);
                    return child;
                }

                verbose($"kernel: Child SA #{heir.Serial} of IKE SA #{sa.Serial} carries the traffic of #{child.Serial} now: updated its {handOver.Count} policies", active.Connection.Name);
                sa.Children[sa.Children.IndexOf(heir)] = heir with { Installed = [.. heir.Installed, .. policies] };
                HoldPolicies(sa, policies);
                return child with { Installed = [.. child.Installed.Except(policies)] };
            }
        }

        return child;
    }

    /// <summary>The peer or a rekey deleted a Child SA: its kernel state goes (its policies too, unless a rekey took them over).</summary>
    private void Uninstall(ActiveIkeSa active, uint inboundSpi)
    {
        var installed = active.Children.FirstOrDefault(c => c.ChildSa.InboundSpi == inboundSpi);
        if (installed is not null)
        {
            active.Children.Remove(installed);
            Uncover(active, installed.ChildSa);
            RemoveFromKernel(active, installed, (m, c) => _log.Write($"\"{c}\": {m}"));
            ReleasePolicies(active, installed.Installed);
            UnrouteSource(active.Connection, (m, c) => _log.Write($"\"{c}\": {m}"));
            _log.Write($"\"{active.Connection.Name}\" #{installed.Serial}: Child SA deleted");
        }
    }

    /// <summary>The IKE SA is gone: its Child SAs leave the kernel and it is no longer tracked.</summary>
    private void Forget(ActiveIkeSa active, Action<string, string?> verbose)
    {
        EndRekeys(active, "the IKE SA is gone", _ => true);
        _forgotten.AddOrUpdate(active.Sa, active);
        UncoverAll(active);
        foreach (var child in active.Children)
        {
            RemoveFromKernel(active, child, verbose);
            ReleasePolicies(active, child.Installed);
        }

        active.Children.Clear();
        UnrouteSource(active.Connection, verbose);
        Untrack(active);
        _lifetimes.Remove(active);
    }

    /// <summary>
    /// leftsourceip while a Child SA carries the connection's traffic, as libreswan's updown routes a conn that comes
    /// up without --route: its address and routes go in with the first Child SA. A refusal is logged; the SA stays.
    /// </summary>
    private void RouteSource(Connection connection)
    {
        if (connection.InstalledRoutes.Count > 0)
        {
            return;
        }

        var plan = PolicyPlanner.SourceRouting(connection, _kernel);
        if (plan.Count == 0)
        {
            return;
        }

        try
        {
            KernelTransaction.Apply(_kernel, plan, o => _log.Write($"\"{connection.Name}\": kernel: {o.Describe()}"));
            connection.Installed(plan);
        }
        catch (KernelException e)
        {
            _log.Write($"\"{connection.Name}\": the kernel refused the routes of leftsourceip: {e.Message}");
        }
    }

    /// <summary>The source routing goes with the connection's last Child SA, unless --route holds it.</summary>
    private void UnrouteSource(Connection connection, Action<string, string?> verbose)
    {
        if (connection.Routed || connection.InstalledRoutes.Count == 0 || CarriesTraffic(connection))
        {
            return;
        }

        RemoveEach(PolicyPlanner.SourceUnrouting(connection), connection, verbose);
        connection.InstalledRoutes.Clear();
        connection.InstalledAddresses.Clear();
    }

    private void RemoveFromKernel(ActiveIkeSa active, InstalledChildSa child, Action<string, string?> verbose) =>
        RemoveEach(HandOverPolicies(active, child, verbose).Removal, active.Connection, verbose);

    private void RemoveEach(IReadOnlyList<KernelOperation> removal, Connection connection, Action<string, string?> verbose)
    {
        foreach (var operation in removal)
        {
            try
            {
                operation.Apply(_kernel);
                verbose($"kernel: {operation.Describe()}", connection.Name);
            }
            catch (KernelException e)
            {
                // Already gone (e.g. expired): removal goes on with the rest.
                verbose($"kernel: {operation.Describe()}: {e.Message}", connection.Name);
            }
        }
    }

    private sealed record ResponderEntry(Connection Connection, Lazy<IkeSaOptions?> Options);

    /// <summary>
    /// A snapshot of the responders, read by engines on their own threads: at IKE_SA_INIT the first conn to the peer's
    /// address that can respond (has its PSK), else the first such conn to %any; at IKE_AUTH the engine picks among all
    /// of them, in that order, by the peer's ID.
    /// </summary>
    private sealed class ResponderSet
    {
        public static readonly ResponderSet Empty = new([]);

        private readonly Dictionary<IPAddress, List<ResponderEntry>> _byAddress = [];
        private readonly List<ResponderEntry> _any = [];

        public ResponderSet(IEnumerable<ResponderEntry> entries)
        {
            foreach (var entry in entries)
            {
                if (entry.Connection.RemoteAddress is { } address)
                {
                    if (!_byAddress.TryGetValue(address, out var list))
                    {
                        list = [];
                        _byAddress[address] = list;
                    }

                    list.Add(entry);
                }
                else
                {
                    _any.Add(entry);
                }
            }
        }

        public IkeSaOptions? For(IPAddress peer) => Candidates(peer).FirstOrDefault();

        /// <summary>The conns that can respond to the address, in order of preference; options are made only as far as enumerated.</summary>
        public IEnumerable<IkeSaOptions> Candidates(IPAddress peer)
        {
            var entries = _byAddress.TryGetValue(peer, out var list) ? list.Concat(_any) : _any;
            foreach (var entry in entries)
            {
                if (entry.Options.Value is { } options)
                {
                    yield return options;
                }
            }
        }
    }
}
