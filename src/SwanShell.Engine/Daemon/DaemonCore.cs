using System.Text.Json;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// What the daemon does for its clients: the connection database and the kernel state of each connection
/// (<c>ipsec auto --add/--delete/--replace/--route/--unroute/--status</c>). Files are read and names resolved
/// off the event loop; every change to the database and the kernel happens on it.
/// </summary>
public sealed class DaemonCore : IControlHandler, IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly IKernel _kernel;
    private readonly ConnectionLoader _loader;
    private readonly string _certificateStorePath;
    private readonly DaemonLog _log;
    private readonly Action _shutdown;
    private readonly EventLoop _loop;
    private readonly ConnectionDatabase _connections = new();
    private readonly ReqidAllocator _reqids = new();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly string _secretsPath;
    private IpsecSecrets? _secrets;
    private IkeService? _ike;
    private IEnumerable<System.Net.IPAddress> _listenAddresses = [];

    /// <param name="options">How the daemon runs.</param>
    /// <param name="kernel">The kernel back end; the core owns what it installs there, not the back end itself.</param>
    /// <param name="host">This host's addresses, to orient conns.</param>
    /// <param name="secretsPath">The ipsec.secrets to read (<c>secretsfile=</c>).</param>
    /// <param name="certificates">The certificate store <c>leftcert=</c> names resolve against (<c>nssdir=</c>).</param>
    /// <param name="log">The daemon's log.</param>
    /// <param name="shutdown">Called when a client asks the daemon to stop.</param>
    public DaemonCore(DaemonOptions options, IKernel kernel, ILocalAddressSource host, string secretsPath, Certificates.CertificateStore certificates, DaemonLog log, Action shutdown)
    {
        _options = options;
        _secretsPath = secretsPath;
        _kernel = kernel;
        _loader = new ConnectionLoader(host, certificates);
        _certificateStorePath = certificates.Path;
        _log = log;
        _shutdown = shutdown;
        _loop = new EventLoop(e => log.Write($"internal error (the daemon goes on): {e}"));
    }

    /// <summary>
    /// Opens the IKE sockets (one engine per local address) and starts following the kernel's ACQUIRE events;
    /// called once before the daemon answers clients. An address or port in use is a start failure.
    /// </summary>
    public void StartIke(IEnumerable<System.Net.IPAddress> addresses, bool kernelEspInUdp, SetupDefinition setup)
    {
        ArgumentNullException.ThrowIfNull(setup);

        // Enumerated again by --listen, so a lazy sequence over the host's interfaces picks up new addresses.
        _listenAddresses = addresses;
        // libreswan's knobs: cookies above ddos-ike-threshold half-open SAs (always with ddos-mode=busy, never with
        // unlimited), and no more than max-halfopen-ike of them; it has no per-peer limit, so one peer may bring many up.
        var cookies = setup.DdosMode switch
        {
            "busy" => 0,
            "unlimited" => int.MaxValue,
            _ => (int)Math.Min(setup.DdosIkeThreshold, int.MaxValue),
        };
        var engineOptions = new SwanShell.Engine.Ike.Sa.IkeEngineOptions
        {
            CookieThreshold = cookies,
            BlockThreshold = (int)Math.Min(setup.MaxHalfOpenIke, int.MaxValue),
            KeepaliveInterval = setup.KeepAlive,
        };
        _ike = new IkeService(_loop, _kernel, _log, addresses, _options.IkePort, _options.NatTraversalPort, kernelEspInUdp, engineOptions) { UniqueIds = setup.UniqueIds };
        _ = FollowKernelEventsAsync(); // Ends when the kernel back end completes its event channel on disposal.
    }

    /// <summary>
    /// Adds the conns of the daemon's ipsec.conf whose <c>auto=</c> is not ignore (routing the on-demand ones), as
    /// pluto does at start; a conn that cannot be added is logged and skipped, so one bad conn stops no others.
    /// </summary>
    public async Task LoadConfiguredAsync(IpsecConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // By definition, not by name: a lookup by name walks every conn, and would do so for each of them.
        var loaded = _loader.LoadEach(configuration.Connections.Where(c => c.Auto != AutoStart.Ignore), (conn, e) => _log.Write($"\"{conn.Name}\": not added: {e.Message}"));

        // One batch on the loop: responders are rebuilt once, not once per conn (thousands of conns load in well under
        // a second). Should the batch be refused (e.g. the kernel refuses a trap), the rest is added conn by conn.
        var added = await _loop.InvokeAsync(() =>
        {
            var arguments = new AddConnectionsArguments(_options.ConfigPath, []);
            try
            {
                return Add(loaded, arguments, Reporter(_ => { })).Count;
            }
            catch (ControlException e)
            {
                _log.Write($"adding the conns together failed ({e.Message}); adding them one by one");
            }

            var count = _connections.Count;
            foreach (var conn in loaded.Where(c => !_connections.TryGet(c.Oriented.Definition.Name, out _)))
            {
                try
                {
                    count += Add([conn], arguments, Reporter(_ => { })).Count;
                }
                catch (ControlException e)
                {
                    _log.Write($"\"{conn.Oriented.Definition.Name}\": not added: {e.Message}");
                }
            }

            return count;
        }).ConfigureAwait(false);
        _log.Write($"loaded {added} connection(s) from {_options.ConfigPath}");
        await _loop.InvokeAsync(() =>
        {
            foreach (var connection in _connections.All.Where(c => c.Definition.Auto == AutoStart.Start).ToList())
            {
                InitiateInBackground(connection, "auto=start");
            }

            return true;
        }).ConfigureAwait(false);
    }

    public async Task<JsonElement?> HandleAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken)
    {
        var verbose = Reporter(events);
        switch (request.Command)
        {
            case "hello":
            case "status":
                return ControlServer.ToResult(Info(), ControlJsonContext.Default.DaemonInfo);
            case "shutdown":
                events(new ControlEvent(DateTimeOffset.UtcNow, "Verbose", $"daemon pid {Environment.ProcessId} shutting down"));
                _shutdown();
                return null;
            case "add":
                var added = await AddAsync(Arguments(request, ControlJsonContext.Default.AddConnectionsArguments), verbose, events).ConfigureAwait(false);
                return ControlServer.ToResult(added, ControlJsonContext.Default.IReadOnlyListConnectionChange);
            case "delete":
                return await ChangeAsync(request, verbose, Delete).ConfigureAwait(false);
            case "route":
                return await ChangeAsync(request, verbose, Route).ConfigureAwait(false);
            case "unroute":
                return await ChangeAsync(request, verbose, Unroute).ConfigureAwait(false);
            case "up":
                return await UpAsync(Arguments(request, ControlJsonContext.Default.ConnectionArguments), events, cancellationToken).ConfigureAwait(false);
            case "down":
                return await ChangeAsync(request, verbose, Down).ConfigureAwait(false);
            case "rereadsecrets":
                var reread = await RereadSecretsAsync(Reporter(events)).ConfigureAwait(false);
                return ControlServer.ToResult(reread, ControlJsonContext.Default.SecretsSummary);
            case "rekey":
                return await RekeyAsync(Arguments(request, ControlJsonContext.Default.RekeyArguments), verbose, cancellationToken).ConfigureAwait(false);
            case "deletestate":
                var state = Arguments(request, ControlJsonContext.Default.DeleteStateArguments);
                var deleted = await _loop.InvokeAsync(() =>
                {
                    var (connection, steps) = Ike.DeleteState(state.Serial, state.WhatIf, verbose);
                    return new ConnectionChange(connection.Name, "DeletedState", steps, !state.WhatIf);
                }).ConfigureAwait(false);
                return ControlServer.ToResult(deleted, ControlJsonContext.Default.ConnectionChange);
            case "listen":
                var listened = await ListenAsync(Arguments(request, ControlJsonContext.Default.ListenArguments), verbose).ConfigureAwait(false);
                return ControlServer.ToResult(listened, ControlJsonContext.Default.ListenResult);
            case "debug":
                var debug = Debug(Arguments(request, ControlJsonContext.Default.DebugArguments));
                return ControlServer.ToResult(debug, ControlJsonContext.Default.DebugResult);
            case "globalstatus":
                var global = await _loop.InvokeAsync(GlobalStatus).ConfigureAwait(false);
                return ControlServer.ToResult(global, ControlJsonContext.Default.IpsecGlobalStatus);
            case "kernelstate":
                var kernelState = await _loop.InvokeAsync(() => KernelStateReport.Of(_kernel)).ConfigureAwait(false);
                return ControlServer.ToResult(kernelState, ControlJsonContext.Default.IpsecKernelState);
            case "connections":
                var names = request.Arguments is null ? null : Arguments(request, ControlJsonContext.Default.ConnectionsQuery).Names;
                var all = await _loop.InvokeAsync(() => (names is null ? _connections.All : Named(names)).Select(StatusOf).ToList()).ConfigureAwait(false);
                return ControlServer.ToResult<IReadOnlyList<IpsecConnectionStatus>>(all, ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus);
            default:
                throw new ControlException(ControlErrorCodes.UnknownCommand, $"The daemon does not know the command '{request.Command}'.", request.Command);
        }
    }

    /// <summary>
    /// <c>--rereadsecrets</c>: reads ipsec.secrets (off the loop), then swaps it in on the loop and zeroes the old
    /// secrets. Problems in the file are reported, never the secrets.
    /// </summary>
    public async Task<SecretsSummary> RereadSecretsAsync(Action<string, string?> verbose)
    {
        ArgumentNullException.ThrowIfNull(verbose);
        if (!File.Exists(_secretsPath))
        {
            throw new ControlException(ControlErrorCodes.ConfigInvalid, $"The secrets file {_secretsPath} does not exist; set secretsfile= in config setup or create it.", _secretsPath);
        }

        var secrets = IpsecSecrets.Read(_secretsPath);
        var problems = secrets.Diagnostics.Select(d => d.ToString()).ToList();
        await _loop.InvokeAsync(() =>
        {
            (_secrets, var old) = (secrets, _secrets);
            _ike?.UpdateResponders(_connections.All, _secrets);
            old?.Dispose();
            return true;
        }).ConfigureAwait(false);
        foreach (var problem in problems)
        {
            verbose(problem, null);
        }

        verbose($"loaded {secrets.Entries.Count} secret(s) from {_secretsPath}", null);
        return new SecretsSummary(_secretsPath, secrets.Entries.Count, problems);
    }

    private IkeService Ike => _ike ?? throw new ControlException(ControlErrorCodes.InvalidOperation, "The daemon has no IKE sockets.");

    /// <summary>
    /// <c>whack --rekey-ike/--rekey-child</c>: starts the rekeys on the loop, then waits (off it) until each is done,
    /// within the connection's retransmit timeout.
    /// </summary>
    private async Task<JsonElement?> RekeyAsync(RekeyArguments arguments, Action<string, string?> verbose, CancellationToken cancellationToken)
    {
        var (connection, steps, done) = await _loop.InvokeAsync(() =>
        {
            var connection = _connections.Get(arguments.Name);
            var (steps, done) = Ike.Rekey(connection, arguments.Ike, arguments.WhatIf);
            return (connection, steps, done);
        }).ConfigureAwait(false);
        if (!arguments.WhatIf)
        {
            var timeout = connection.Definition.RetransmitTimeout + TimeSpan.FromSeconds(5);
            try
            {
                await done.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ControlException(ControlErrorCodes.NegotiationFailed, $"The rekey of '{arguments.Name}' did not complete within {timeout.TotalSeconds:0} s.", arguments.Name);
            }

            verbose($"rekeyed the {(arguments.Ike ? "IKE SA" : "Child SAs")}", arguments.Name);
        }

        var change = new ConnectionChange(arguments.Name, arguments.Ike ? "RekeyedIke" : "RekeyedChild", steps, !arguments.WhatIf);
        return ControlServer.ToResult(change, ControlJsonContext.Default.ConnectionChange);
    }

    /// <summary><c>whack --listen</c>: listen on addresses that appeared since the start, then reread the secrets, as pluto does.</summary>
    private async Task<ListenResult> ListenAsync(ListenArguments arguments, Action<string, string?> verbose)
    {
        var addresses = _listenAddresses.ToList();
        var (steps, endpoints) = await _loop.InvokeAsync(() =>
        {
            var steps = Ike.Listen(addresses, arguments.WhatIf);
            return (steps, Ike.IkeEndPoints.Select(e => e.ToString()).ToList());
        }).ConfigureAwait(false);
        List<string> operations = [.. steps, $"reread {_secretsPath}"];
        if (arguments.WhatIf)
        {
            return new ListenResult(endpoints, operations, Performed: false);
        }

        SecretsSummary? secrets = null;
        try
        {
            secrets = await RereadSecretsAsync(verbose).ConfigureAwait(false);
        }
        catch (ControlException e)
        {
            verbose(e.Message, null);
        }

        return new ListenResult(endpoints, operations, Performed: true, secrets);
    }

    /// <summary><c>whack --debug CLASS</c>: sets the debug level of the log at once; an unknown class is refused with the known ones.</summary>
    private DebugResult Debug(DebugArguments arguments)
    {
        if (!Logging.DebugClasses.TryParse(arguments.Class, out var level))
        {
            throw new ControlException(ControlErrorCodes.BadRequest, Logging.DebugClasses.Unknown(arguments.Class), arguments.Class);
        }

        var previous = _log.Debug;
        string[] steps = [$"set the daemon's debug logging from {Describe(previous)} to {Describe(level)}"];
        if (!arguments.WhatIf)
        {
            _log.Debug = level;
            _log.Write($"debug logging set to {Describe(level)} (was {Describe(previous)}) by whack --debug {arguments.Class}");
        }

        return new DebugResult(previous.ToString().ToLowerInvariant(), (arguments.WhatIf ? previous : level).ToString().ToLowerInvariant(), steps, !arguments.WhatIf);

        static string Describe(Logging.DebugLevel debug) => debug == Logging.DebugLevel.None ? "none" : "base (each IKE message's header)";
    }

    private IpsecGlobalStatus GlobalStatus()
    {
        var sas = _ike?.AllSas.ToList() ?? [];
        var children = _connections.All.Select(StatusOf).SelectMany(c => c.ChildSas).ToList();
        return new IpsecGlobalStatus
        {
            ProcessId = Environment.ProcessId,
            StartedAt = _startedAt,
            KernelBackend = _kernel.Name,
            ListenEndpoints = [.. _ike?.IkeEndPoints.Select(e => e.ToString()) ?? []],
            Connections = _connections.Count,
            RoutedConnections = _connections.All.Count(c => c.Routed),
            IkeSas = sas.Count,
            HalfOpenIkeSas = sas.Count(a => a.Sa.State is IkeSaState.Connecting or IkeSaState.Authenticating),
            EstablishedIkeSas = sas.Count(a => a.Sa.State == IkeSaState.Established),
            ChildSas = children.Count,
            BytesIn = children.Aggregate(0ul, (sum, c) => sum + c.BytesIn),
            BytesOut = children.Aggregate(0ul, (sum, c) => sum + c.BytesOut),
            IkeSasEstablishedTotal = _ike?.Totals.IkeSasEstablished ?? 0,
            IkeSasFailedTotal = _ike?.Totals.IkeSasFailed ?? 0,
            ChildSasEstablishedTotal = _ike?.Totals.ChildSasEstablished ?? 0,
            DroppedDatagrams = _ike?.DroppedDatagrams ?? 0,
        };
    }

    private IEnumerable<Connection> Named(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_connections.TryGet(name, out var connection))
            {
                yield return connection;
            }
        }
    }

    /// <summary>Where the steps of a request go: to the log, and to the client as verbose events.</summary>
    private Action<string, string?> Reporter(Action<ControlEvent> events) => (message, connection) =>
    {
        _log.Write(connection is null ? message : $"\"{connection}\": {message}");
        events(new ControlEvent(DateTimeOffset.UtcNow, "Verbose", message, connection));
    };

    public async ValueTask DisposeAsync()
    {
        // Tell peers, as pluto does at shutdown, so they do not wait for liveness checks to fail.
        await _loop.InvokeAsync(() =>
        {
            foreach (var connection in _connections.All)
            {
                _ike?.Terminate(connection, whatIf: false, Reporter(_ => { }));
            }

            return true;
        }).ConfigureAwait(false);
        _ike?.Dispose();
        await _loop.DisposeAsync().ConfigureAwait(false);
        _secrets?.Dispose();
    }

    private async Task<IReadOnlyList<ConnectionChange>> AddAsync(AddConnectionsArguments arguments, Action<string, string?> verbose, Action<ControlEvent> events)
    {
        var loaded = _loader.Load(ConnectionLoader.Read(arguments.ConfigPath), arguments.ConfigPath, arguments.Names, arguments.All);

        // --replace is --delete, --add and --rereadsecrets: the secrets are read first (off the loop), so that the new
        // definitions are checked against them before the old ones go, and swapped in only when the replace succeeds.
        var secrets = arguments.Replace && File.Exists(_secretsPath) ? IpsecSecrets.Read(_secretsPath) : null;
        try
        {
            var changes = await _loop.InvokeAsync(() =>
            {
                if (arguments.Replace)
                {
                    CheckReplacements(loaded, secrets ?? _secrets);
                }

                var changes = Add(loaded, arguments, verbose, loaded.Count > 1 && !arguments.WhatIf ? events : null);
                if (secrets is not null && !arguments.WhatIf)
                {
                    (_secrets, secrets) = (secrets, _secrets);
                    _ike?.UpdateResponders(_connections.All, _secrets);
                }

                return changes;
            }).ConfigureAwait(false);
            if (arguments.Replace && !arguments.WhatIf && File.Exists(_secretsPath))
            {
                verbose($"loaded {_secrets?.Entries.Count ?? 0} secret(s) from {_secretsPath}", null);
            }

            return changes;
        }
        finally
        {
            // The secrets not taken (the replace failed, or -WhatIf), or the old ones replaced: either way no longer used.
            secrets?.Dispose();
        }
    }

    /// <summary>
    /// What would refuse the new definition of a conn being replaced, checked while the old one is still in place so
    /// that a failed replace leaves it, its SAs and its trap as they were: its credentials and secret (a tunnel that
    /// cannot authenticate), a reqid= of another conn, and its trap when it is to be routed.
    /// </summary>
    private void CheckReplacements(IReadOnlyList<ConnectionLoader.LoadedConnection> loaded, IpsecSecrets? secrets)
    {
        foreach (var item in loaded)
        {
            if (!_connections.TryGet(item.Oriented.Definition.Name, out var existing))
            {
                continue;
            }

            var candidate = new Connection(item.Oriented, item.LocalAddress, item.RemoteAddress, existing.Reqid) { Credentials = item.Credentials };
            try
            {
                if (candidate.Definition.Reqid is { } reqid && reqid != existing.Reqid && _connections.All.Any(c => c.Reqid == reqid))
                {
                    throw new ControlException(ControlErrorCodes.ConfigInvalid, $"reqid={reqid} is already used by another connection.", candidate.Name);
                }

                if (candidate.Definition.Type is ConnectionType.Tunnel or ConnectionType.Transport)
                {
                    _ = IkeSaOptionsFactory.Create(candidate, secrets);
                }

                if (IsRoutedWhenAdded(candidate))
                {
                    _ = PolicyPlanner.Route(candidate, _kernel);
                }
            }
            catch (Exception e) when (e is ControlException or InvalidOperationException)
            {
                var code = (e as ControlException)?.Code ?? ControlErrorCodes.InvalidOperation;
                throw new ControlException(code, $"'{candidate.Name}' was not replaced; the connection added before stays as it was, with its SAs and routes. {e.Message}", candidate.Name);
            }
        }
    }

    /// <summary>Conns whose trap (or shunt) goes in as they are added: auto=ondemand, and the shunt types.</summary>
    private static bool IsRoutedWhenAdded(Connection connection) =>
        connection.Definition.Auto == AutoStart.OnDemand || connection.Definition.Type is ConnectionType.Passthrough or ConnectionType.Drop or ConnectionType.Reject;

    /// <summary>
    /// Adds the conns in order. A name clash is found before anything changes; a conn the kernel refuses is not
    /// added (conns before it stay, and a conn it was to replace is put back with its trap) and the refusal is thrown.
    /// </summary>
    /// <param name="loaded">The conns to add.</param>
    /// <param name="arguments">The request.</param>
    /// <param name="verbose">Where the steps go.</param>
    /// <param name="progress">Where progress goes, for many conns: a record each time the percentage moves.</param>
    private List<ConnectionChange> Add(IReadOnlyList<ConnectionLoader.LoadedConnection> loaded, AddConnectionsArguments arguments, Action<string, string?> verbose, Action<ControlEvent>? progress = null)
    {
        var clash = loaded.FirstOrDefault(c => _connections.TryGet(c.Oriented.Definition.Name, out _));
        if (clash is not null && !arguments.Replace)
        {
            throw new ControlException(ControlErrorCodes.ConnectionExists,
                $"A connection named '{clash.Oriented.Definition.Name}' is already added; use -Replace (ipsec auto --replace) to replace it.", clash.Oriented.Definition.Name);
        }

        var changes = new List<ConnectionChange>();
        foreach (var item in loaded)
        {
            var name = item.Oriented.Definition.Name;
            var operations = new List<string>();
            var replaced = _connections.TryGet(name, out var existing);
            var wasRouted = replaced && existing.Routed;
            if (replaced)
            {
                operations.AddRange(Delete(existing, arguments.WhatIf, verbose).Operations);
            }

            var connection = new Connection(item.Oriented, item.LocalAddress, item.RemoteAddress, _reqids.Allocate(item.Oriented.Definition.Reqid)) { Credentials = item.Credentials };
            operations.Add($"add connection '{name}': {Describe(connection)}");
            if (arguments.WhatIf)
            {
                _reqids.Release(connection.Reqid);
            }
            else
            {
                _connections.Add(connection);
                verbose($"added: {Describe(connection)}", name);
            }

            if (IsRoutedWhenAdded(connection))
            {
                try
                {
                    operations.AddRange(Route(connection, arguments.WhatIf, verbose).Operations);
                }
                catch (ControlException) when (!arguments.WhatIf)
                {
                    // Route left the kernel as it was; the conn goes too, so that nothing is half added.
                    _connections.Remove(name);
                    _reqids.Release(connection.Reqid);
                    if (replaced)
                    {
                        Restore(existing, wasRouted, verbose);
                    }

                    throw;
                }
            }

            changes.Add(new ConnectionChange(name, replaced ? "Replaced" : "Added", operations, !arguments.WhatIf));
            var percent = changes.Count * 100 / loaded.Count;
            if (progress is not null && percent != (changes.Count - 1) * 100 / loaded.Count)
            {
                progress(ControlEvent.Progress(AddActivity, $"added '{name}' ({changes.Count} of {loaded.Count})", percent));
            }
        }

        progress?.Invoke(ControlEvent.Progress(AddActivity, $"added {changes.Count} connection(s)", 100, completed: true));

        if (arguments.Replace && changes.Count > 0)
        {
            changes[^1] = changes[^1] with { Operations = [.. changes[^1].Operations, $"reread {_secretsPath}"] };
        }

        if (!arguments.WhatIf)
        {
            _ike?.UpdateResponders(_connections.All, _secrets);
        }

        return changes;
    }

    private const string AddActivity = "Adding connections";

    /// <summary>
    /// Puts back a conn whose replacement the kernel refused (its trap, when it had one); its SAs went with the delete
    /// that made room for the replacement, and come back with the next --up or trap.
    /// </summary>
    private void Restore(Connection previous, bool routed, Action<string, string?> verbose)
    {
        _reqids.Allocate(previous.Reqid);
        _connections.Add(previous);
        if (routed)
        {
            try
            {
                Route(previous, whatIf: false, verbose);
            }
            catch (ControlException e)
            {
                verbose($"the kernel refused its trap back as well: {e.Message}", previous.Name);
            }
        }

        _ike?.UpdateResponders(_connections.All, _secrets);
        verbose("the replacement was refused by the kernel: the connection added before is back", previous.Name);
    }

    private async Task<JsonElement?> ChangeAsync(ControlRequest request, Action<string, string?> verbose, Func<Connection, bool, Action<string, string?>, ConnectionChange> change)
    {
        var arguments = Arguments(request, ControlJsonContext.Default.ConnectionArguments);
        var result = await _loop.InvokeAsync(() => change(_connections.Get(arguments.Name), arguments.WhatIf, verbose)).ConfigureAwait(false);
        return ControlServer.ToResult(result, ControlJsonContext.Default.ConnectionChange);
    }

    /// <summary><c>--delete</c>: unroute, then forget the connection.</summary>
    private ConnectionChange Delete(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        var operations = Down(connection, whatIf, verbose).Operations.ToList();
        operations.AddRange(Unroute(connection, whatIf, verbose).Operations);
        operations.Add($"delete connection '{connection.Name}'");
        if (!whatIf)
        {
            _connections.Remove(connection.Name);
            _reqids.Release(connection.Reqid);
            _ike?.UpdateResponders(_connections.All, _secrets);
            verbose("deleted", connection.Name);
        }

        return new ConnectionChange(connection.Name, "Deleted", operations, !whatIf);
    }

    /// <summary><c>--down</c>: delete the IKE SAs and their Child SAs; a routed connection keeps its trap, as the seed says.</summary>
    private ConnectionChange Down(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        var steps = _ike?.Terminate(connection, whatIf, verbose) ?? [];
        return new ConnectionChange(connection.Name, "Down", steps, !whatIf && steps.Count > 0);
    }

    /// <summary>
    /// <c>--up</c>: negotiate and wait for the first Child SA to be in the kernel, streaming the connection's log lines
    /// as they happen; with WhatIf, say what would be negotiated and installed.
    /// </summary>
    private async Task<JsonElement?> UpAsync(ConnectionArguments arguments, Action<ControlEvent> events, CancellationToken cancellationToken)
    {
        void Forward(string line)
        {
            if (line.Contains($"\"{arguments.Name}\"", StringComparison.Ordinal))
            {
                events(new ControlEvent(DateTimeOffset.UtcNow, "Verbose", line));
            }
        }

        if (arguments.WhatIf)
        {
            var plan = await _loop.InvokeAsync(() => PlanUp(_connections.Get(arguments.Name))).ConfigureAwait(false);
            return ControlServer.ToResult(plan, ControlJsonContext.Default.ConnectionChange);
        }

        if (arguments.NoWait)
        {
            var started = await _loop.InvokeAsync(() =>
            {
                var connection = _connections.Get(arguments.Name);
                StartNegotiation(connection, "asynchronous --up");
                return StatusOf(connection);
            }).ConfigureAwait(false);
            return ControlServer.ToResult(started, ControlJsonContext.Default.IpsecConnectionStatus);
        }

        // Progress stops with the request: a later state of the IKE SA (its deletion) is nobody's progress.
        var waiting = true;
        var exchange = "IKE_SA_INIT";
        void Stepped(IkeSaState state)
        {
            if (waiting && UpStep(state) is { } step)
            {
                exchange = step.Status[..step.Status.IndexOf(':', StringComparison.Ordinal)];
                events(ControlEvent.Progress(arguments.Name, step.Status, step.Percent));
            }
        }

        _log.LineWritten += Forward;
        string? outcome = null;
        try
        {
            var (connection, negotiation) = await _loop.InvokeAsync(() =>
            {
                var connection = _connections.Get(arguments.Name);
                var ike = _ike ?? throw new ControlException(ControlErrorCodes.InvalidOperation, "The daemon has no IKE sockets.");
                var negotiation = ike.Initiate(connection, _secrets, Stepped);
                events(ControlEvent.Progress(arguments.Name, $"IKE_SA_INIT: proposing {string.Join(", ", connection.Definition.Ike)} to {connection.RemoteAddress}", 0));
                return (connection, negotiation);
            }).ConfigureAwait(false);
            outcome = "failed";
            var timeout = connection.Definition.RetransmitTimeout + TimeSpan.FromSeconds(5);
            try
            {
                await negotiation.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                outcome = "timed out";
                throw new ControlException(ControlErrorCodes.NegotiationFailed, $"'{arguments.Name}' was not established within {timeout.TotalSeconds:0} s.", arguments.Name);
            }

            outcome = "established";
            var status = await _loop.InvokeAsync(() => StatusOf(connection)).ConfigureAwait(false);
            return ControlServer.ToResult(status, ControlJsonContext.Default.IpsecConnectionStatus);
        }
        finally
        {
            waiting = false;
            _log.LineWritten -= Forward;
            if (outcome is not null)
            {
                // Where it stopped, when it failed: the step's name is the exchange that did not complete.
                events(ControlEvent.Progress(arguments.Name, outcome == "established" ? "Child SA: established" : $"{exchange}: {outcome}", outcome == "established" ? 100 : null, completed: true));
            }
        }
    }

    /// <summary>The step an initiator's IKE SA is at, by state, with how far along <c>--up</c> is.</summary>
    private static (string Status, int Percent)? UpStep(IkeSaState state) => state switch
    {
        IkeSaState.Authenticating => ("IKE_AUTH: authenticating and proposing the Child SA", 33),
        IkeSaState.Established => ("Child SA: installing the negotiated SAs and policies in the kernel", 67),
        _ => null,
    };

    private static ConnectionChange PlanUp(Connection connection)
    {
        var remote = connection.RemoteAddress?.ToString() ?? "%any";
        var port = connection.Oriented.Remote.IkePort ?? 500;
        var selectors = string.Join(", ", connection.Selectors.Select(s => $"{s.Source} === {s.Destination}"));
        return new ConnectionChange(connection.Name, "Up",
        [
            $"send IKE_SA_INIT from {connection.LocalAddress} to {remote}:{port} proposing {string.Join(", ", connection.Definition.Ike)}",
            $"send IKE_AUTH as {connection.LocalId} with {connection.Credentials}, proposing ESP {string.Join(", ", connection.Definition.Esp)} for {selectors}",
            $"kernel: add the inbound and outbound ESP SAs ({connection.Definition.Type.ToString().ToLowerInvariant()} mode, reqid {connection.Reqid}) with the negotiated SPIs and keys",
            $"kernel: add IPsec policies out, in{(connection.Definition.Type == ConnectionType.Tunnel ? " and fwd" : string.Empty)} for {selectors}{(connection.Routed ? ", replacing the trap" : string.Empty)}",
        ], Performed: false);
    }

    /// <summary>Starts a negotiation nobody waits for (auto=start, ACQUIRE); a failure to even start it is logged.</summary>
    private void InitiateInBackground(Connection connection, string why)
    {
        if (_ike is null || _ike.SasOf(connection).Any())
        {
            return;
        }

        try
        {
            StartNegotiation(connection, why);
        }
        catch (ControlException e)
        {
            _log.Write($"\"{connection.Name}\": cannot initiate ({why}): {e.Message}");
        }
    }

    /// <summary>Starts negotiating and logs how it ends; throws when it cannot start (no PSK, peer %any).</summary>
    private void StartNegotiation(Connection connection, string why)
    {
        var ike = _ike ?? throw new ControlException(ControlErrorCodes.InvalidOperation, "The daemon has no IKE sockets.");
        _log.Write($"\"{connection.Name}\": initiating ({why})");
        _ = ike.Initiate(connection, _secrets).ContinueWith(
            t => _log.Write($"\"{connection.Name}\": {why} negotiation failed: {t.Exception?.InnerException?.Message}"),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <summary>
    /// ACQUIRE from a trap starts the connection the trap belongs to (by reqid), as <c>--route</c> promises; EXPIRE of a
    /// Child SA's kernel SA rekeys or deletes it.
    /// </summary>
    private async Task FollowKernelEventsAsync()
    {
        await foreach (var kernelEvent in _kernel.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (kernelEvent is AcquireEvent acquire)
            {
                _loop.Post(() =>
                {
                    if (_connections.All.FirstOrDefault(c => c.Reqid == acquire.Reqid) is { } connection)
                    {
                        InitiateInBackground(connection, $"traffic {acquire.Packet} matched its trap");
                    }
                });
            }
            else if (kernelEvent is ExpireEvent expire)
            {
                _loop.Post(() => _ike?.Expired(expire));
            }
        }
    }

    /// <summary><c>--route</c>: install the trap (or shunt) policies, so that traffic brings the connection up.</summary>
    private ConnectionChange Route(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        if (connection.Routed)
        {
            return new ConnectionChange(connection.Name, "Routed", [], Performed: false);
        }

        IReadOnlyList<KernelOperation> plan;
        try
        {
            plan = PolicyPlanner.Route(connection, _kernel);
        }
        catch (InvalidOperationException e)
        {
            throw new ControlException(ControlErrorCodes.InvalidOperation, e.Message, connection.Name);
        }

        if (!whatIf)
        {
            ApplyToKernel(connection, plan, verbose);
            connection.Installed(plan);
            connection.Routed = true;
        }

        return new ConnectionChange(connection.Name, "Routed", [.. plan.Select(o => o.Describe())], !whatIf);
    }

    /// <summary><c>--unroute</c>: remove what route installed.</summary>
    private ConnectionChange Unroute(Connection connection, bool whatIf, Action<string, string?> verbose)
    {
        // A Child SA that is up keeps the routes of leftsourceip until it goes, as it does when never routed.
        var carrying = _ike?.CarriesTraffic(connection) == true;
        var plan = PolicyPlanner.Unroute(connection, keepSourceRouting: carrying);
        if (!whatIf)
        {
            ApplyToKernel(connection, plan, verbose);
            connection.InstalledPolicies.Clear();
            if (!carrying)
            {
                connection.InstalledRoutes.Clear();
                connection.InstalledAddresses.Clear();
            }

            connection.Routed = false;
        }

        return new ConnectionChange(connection.Name, "Unrouted", [.. plan.Select(o => o.Describe())], !whatIf);
    }

    private void ApplyToKernel(Connection connection, IReadOnlyList<KernelOperation> plan, Action<string, string?> verbose)
    {
        try
        {
            KernelTransaction.Apply(_kernel, plan, operation => verbose($"kernel: {operation.Describe()}", connection.Name));
        }
        catch (KernelException e)
        {
            throw new ControlException(ControlErrorCodes.KernelError, $"The kernel refused a change for '{connection.Name}' and nothing was changed: {e.Message}", connection.Name);
        }
    }

    private static string Describe(Connection c) =>
        $"{c.LocalAddress}[{c.LocalId}]...{c.RemoteAddress?.ToString() ?? "%any"}[{c.Oriented.Remote.Id?.ToString() ?? c.RemoteAddress?.ToString() ?? "%any"}], {c.Definition.Type.ToString().ToLowerInvariant()}, reqid {c.Reqid}"
        + (c.Credentials.Certificate is not null || c.Credentials.TrustedAuthorities is not null ? $", authenticating with {c.Credentials}" : string.Empty);

    private IpsecConnectionStatus StatusOf(Connection c)
    {
        var sas = _ike?.SasOf(c).ToList() ?? [];
        var children = sas.SelectMany(sa => sa.Children.Select(child => SaStatus.Of(sa, child, _kernel))).ToList();
        var state = children.Count > 0 ? ConnectionState.Established
            : sas.Any(sa => sa.Sa.State == IkeSaState.Established) ? ConnectionState.IkeEstablished
            : sas.Count > 0 ? ConnectionState.Connecting
            : c.Routed ? ConnectionState.Routed : ConnectionState.Added;
        // What the definition says is described at the first status request and kept: none of it changes.
        c.DefinitionStatus ??= BaseStatusOf(c);
        return c.DefinitionStatus with
        {
            State = state,
            Routed = c.Routed,
            IkeSas = [.. sas.Select(SaStatus.Of)],
            ChildSas = children,
            BytesIn = children.Aggregate(0ul, (sum, child) => sum + child.BytesIn),
            BytesOut = children.Aggregate(0ul, (sum, child) => sum + child.BytesOut),
            PacketsIn = children.Aggregate(0ul, (sum, child) => sum + child.PacketsIn),
            PacketsOut = children.Aggregate(0ul, (sum, child) => sum + child.PacketsOut),
        };
    }

    private static IpsecConnectionStatus BaseStatusOf(Connection c) => new()
    {
        Name = c.Name,
        State = c.Routed ? ConnectionState.Routed : ConnectionState.Added,
        Auto = c.Definition.Auto.ToString().ToLowerInvariant(),
        Type = c.Definition.Type.ToString().ToLowerInvariant(),
        LocalAddress = c.LocalAddress,
        RemoteAddress = c.RemoteAddress,
        LocalId = c.LocalId,
        RemoteId = c.Oriented.Remote.Id?.ToString() ?? c.RemoteAddress?.ToString() ?? "%any",
        LocalSubnets = [.. c.Selectors.Select(s => s.Source.ToString()).Distinct()],
        RemoteSubnets = [.. c.Selectors.Select(s => s.Destination.ToString()).Distinct()],
        Reqid = c.Reqid,
        Routed = c.Routed,
    };

    private DaemonInfo Info() => new(
        Environment.ProcessId,
        ProductInfo.Version,
        ControlProtocol.Version,
        _startedAt,
        _kernel.Name,
        _options.ConfigPath,
        _ike is { IkeEndPoints: [var first, ..] } ? first.Port : _options.IkePort,
        _options.NatTraversalPort,
        _log.FilePath,
        _certificateStorePath);

    private static T Arguments<T>(ControlRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return request.Arguments is { } json
                ? json.Deserialize(type) ?? throw new ControlException(ControlErrorCodes.BadRequest, $"'{request.Command}' needs arguments.")
                : throw new ControlException(ControlErrorCodes.BadRequest, $"'{request.Command}' needs arguments.");
        }
        catch (JsonException e)
        {
            throw new ControlException(ControlErrorCodes.BadRequest, $"The arguments of '{request.Command}' are not valid: {e.Message}");
        }
    }
}
