using System.Net;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon.Network;
using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// The daemon's IKE side: one engine per local address with its IKE and NAT-T sockets, the IKE SAs of each
/// connection, and the kernel state of their Child SAs. Engines run on socket and timer threads under their own
/// lock; everything they report is posted to the event loop, which alone touches connections and the kernel.
/// </summary>
public sealed class IkeService : IIkeDatagramSender, IDisposable
{
    private readonly EventLoop _loop;
    private readonly IKernel _kernel;
    private readonly DaemonLog _log;
    private readonly Dictionary<IPAddress, IkeEngine> _engines = [];
    private readonly List<IkeSocket> _sockets = [];
    private readonly Dictionary<ulong, ActiveIkeSa> _active = [];
    private readonly Dictionary<Connection, HashSet<ActiveIkeSa>> _activeByConnection = [];

    // Responder options per connection, made when a peer first needs them and kept while the secrets stay the same
    // (null: it cannot respond, already logged); thousands of conns load without making options for each.
    private readonly Dictionary<Connection, Lazy<IkeSaOptions?>> _responderOptions = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IkeSaOptions, Connection> _responderOf = new(ReferenceEqualityComparer.Instance);
    private IpsecSecrets? _responderSecrets;
    private ResponderSet _responders = ResponderSet.Empty;
    private ulong _nextSerial;

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
        _kernel = kernel;
        _log = log;
        try
        {
            foreach (var address in addresses)
            {
                // IKE itself must never be caught by the policies it negotiates.
                var ike = IkeSocket.Bind(new IPEndPoint(address, ikePort), natTraversal: false, kernelEspInUdp: false, Received, kernel.BypassPolicies);
                _sockets.Add(ike);
                _sockets.Add(IkeSocket.Bind(new IPEndPoint(address, natTraversalPort), natTraversal: true, kernelEspInUdp, Received, kernel.BypassPolicies));
                var engine = new IkeEngine(ike.LocalEndPoint, this, TimeProvider.System, ResponderOptions, engineOptions);
                engine.EventRaised += e => _loop.Post(() => OnEvent(engine, e));
                _engines.Add(address, engine);
                _log.Write($"listening for IKE on {ike.LocalEndPoint} and NAT-T on {_sockets[^1].LocalEndPoint}");
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
    public Task<InstalledChildSa> Initiate(Connection connection, IpsecSecrets? secrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var remote = connection.RemoteAddress
            ?? throw new ControlException(ControlErrorCodes.InvalidOperation, $"'{connection.Name}' cannot be brought up from here: its remote end is %any; the peer must initiate.", connection.Name);
        var engine = EngineFor(connection);
        var options = IkeSaOptionsFactory.Create(connection, secrets);
        var sa = engine.Initiate(options, new IPEndPoint(remote, connection.Oriented.Remote.IkePort ?? 500));
        var active = Track(sa, engine, connection);
        return active.FirstChild.Task;
    }

    /// <summary><c>--down</c>: deletes the connection's IKE SAs (and so their Child SAs) and takes their state out of the kernel. Event loop only.</summary>
    public IReadOnlyList<string> Terminate(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        ArgumentNullException.ThrowIfNull(verbose);
        var steps = new List<string>();
        foreach (var active in SasOf(connection).ToList())
        {
            steps.Add($"send INFORMATIONAL Delete for IKE SA #{active.Serial} to {active.Sa.Remote}");
            foreach (var child in active.Children)
            {
                steps.AddRange(child.Removal.Select(o => o.Describe()));
            }

            if (!whatIf)
            {
                active.Engine.Delete(active.Sa);
                RemoveFromKernel(active, verbose);
                Untrack(active);
                active.FirstChild.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed, $"'{connection.Name}' was taken down.", connection.Name));
            }
        }

        return steps;
    }

    public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        var natTraversal = local.Port == NatDetection.NatTraversalPort;
        var socket = _sockets.FirstOrDefault(s => s.LocalEndPoint.Address.Equals(local.Address) && s.NatTraversal == natTraversal)
            ?? _sockets.First(s => s.LocalEndPoint.Address.Equals(local.Address));
        socket.Send(datagram.Span, remote);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var engine in _engines.Values)
        {
            engine.Dispose();
        }
    }

    private void Received(ReadOnlyMemory<byte> message, IPEndPoint remote, IkeSocket socket)
    {
        if (_engines.TryGetValue(socket.LocalEndPoint.Address, out var engine))
        {
            engine.Receive(message, remote, socket.LocalEndPoint);
        }
    }

    /// <summary>The options for an IKE SA a peer starts: the connection to that peer's address, else one that accepts any peer.</summary>
    private IkeSaOptions? ResponderOptions(IPEndPoint remote) => _responders.For(remote.Address);

    /// <summary>Called by an engine's thread, once per connection and secrets.</summary>
    private IkeSaOptions? ResponderOptionsOf(Connection connection, IpsecSecrets? secrets)
    {
        try
        {
            var options = IkeSaOptionsFactory.Create(connection, secrets);
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
        _active[sa.InitiatorSpi] = active;
        if (!_activeByConnection.TryGetValue(connection, out var sas))
        {
            sas = [];
            _activeByConnection[connection] = sas;
        }

        sas.Add(active);
        return active;
    }

    private void Untrack(ActiveIkeSa active)
    {
        _active.Remove(active.Sa.InitiatorSpi);
        if (_activeByConnection.TryGetValue(active.Connection, out var sas) && sas.Remove(active) && sas.Count == 0)
        {
            _activeByConnection.Remove(active.Connection);
        }
    }

    private void OnEvent(IkeEngine engine, IkeEvent e)
    {
        var active = Find(engine, e);
        var name = active?.Connection.Name;
        switch (e)
        {
            case IkeSaStateChanged changed when active is not null:
                _log.Write($"\"{name}\" #{active.Serial}: IKE SA {changed.State} with {e.Remote}");
                if (changed.State == IkeSaState.Established)
                {
                    active.EstablishedAt = DateTimeOffset.UtcNow;
                }
                else if (changed.State is IkeSaState.Deleted)
                {
                    RemoveFromKernel(active, (m, c) => _log.Write($"\"{c}\": {m}"));
                    Untrack(active);
                }

                break;
            case ChildSaEstablished established when active is not null:
                Install(active, established.ChildSa);
                break;
            case IkeSaFailed failed:
                _log.Write($"{(name is null ? string.Empty : $"\"{name}\" ")}IKE SA with {e.Remote} failed: {failed.Reason}");
                if (active is not null)
                {
                    Untrack(active);
                    active.FirstChild.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed,
                        $"'{name}' could not be established: {(failed.Notify is { } notify ? $"{notify}: " : string.Empty)}{failed.Reason}", name));
                }

                break;
            case ChildSaFailed refused:
                _log.Write($"\"{name}\": Child SA refused: {refused.Reason}");
                active?.FirstChild.TrySetException(new ControlException(ControlErrorCodes.NegotiationFailed,
                    $"'{name}': the IKE SA is up but the Child SA was refused: {(refused.Notify is { } why ? $"{why}: " : string.Empty)}{refused.Reason}", name));
                break;
            case IkeMessageDropped dropped:
                _log.Write($"dropped a message from {dropped.Remote}: {dropped.Reason}");
                break;
        }
    }

    /// <summary>The tracked SA an event is about; a new responder SA is tracked under the connection whose options it was given.</summary>
    private ActiveIkeSa? Find(IkeEngine engine, IkeEvent e)
    {
        if (_active.TryGetValue(e.InitiatorSpi, out var active))
        {
            return active;
        }

        var sa = engine.Find(e.ResponderSpi);
        return sa is null || sa.IsOriginalInitiator || sa.InitiatorSpi != e.InitiatorSpi || !_responderOf.TryGetValue(sa.Options, out var connection)
            ? null
            : Track(sa, engine, connection);
    }

    private void Install(ActiveIkeSa active, ChildSa child)
    {
        var (inbound, outbound, plan) = ChildSaPlanner.Plan(active.Connection, active.Sa, child);
        try
        {
            KernelTransaction.Apply(_kernel, plan, o => _log.Write($"\"{active.Connection.Name}\": kernel: {o.Describe()}"));
        }
        catch (KernelException e)
        {
            _log.Write($"\"{active.Connection.Name}\": the kernel refused the Child SA: {e.Message}");
            active.FirstChild.TrySetException(new ControlException(ControlErrorCodes.KernelError, $"'{active.Connection.Name}': the Child SA was negotiated but the kernel refused it: {e.Message}", active.Connection.Name));
            return;
        }

        var installed = new InstalledChildSa(++_nextSerial, child, inbound, outbound, plan, DateTimeOffset.UtcNow);
        active.Children.Add(installed);
        _log.Write($"\"{active.Connection.Name}\" #{installed.Serial}: Child SA established: {child}");
        active.FirstChild.TrySetResult(installed);
    }

    private void RemoveFromKernel(ActiveIkeSa active, Action<string, string?> verbose)
    {
        foreach (var child in active.Children)
        {
            foreach (var operation in child.Removal)
            {
                try
                {
                    operation.Apply(_kernel);
                    verbose($"kernel: {operation.Describe()}", active.Connection.Name);
                }
                catch (KernelException e)
                {
                    // Already gone (e.g. expired): removal goes on with the rest.
                    verbose($"kernel: {operation.Describe()}: {e.Message}", active.Connection.Name);
                }
            }
        }

        active.Children.Clear();
    }

    private sealed record ResponderEntry(Connection Connection, Lazy<IkeSaOptions?> Options);

    /// <summary>
    /// A snapshot of the responders, read by engines on their own threads: the first conn to the peer's address that
    /// can respond (has its PSK), else the first such conn to %any.
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

        public IkeSaOptions? For(IPAddress peer) =>
            (_byAddress.TryGetValue(peer, out var list) ? First(list) : null) ?? First(_any);

        private static IkeSaOptions? First(List<ResponderEntry> entries)
        {
            foreach (var entry in entries)
            {
                if (entry.Options.Value is { } options)
                {
                    return options;
                }
            }

            return null;
        }
    }
}
