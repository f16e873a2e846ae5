using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SwanShell.Engine.Daemon.Network;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.Bench.Handshake;

/// <summary>
/// One IKE engine on a UDP socket that keeps C IKE SAs in negotiation until N are established (or failed), each
/// with the next of K identities, childless or with one Child SA each. Established SAs stay up, as in the strongSwan
/// anchor, so that the responder's memory per SA can be read afterwards. The engine installs no Child SA anywhere:
/// it is the load, not a gateway.
/// </summary>
internal sealed class ClosedLoop : IIkeDatagramSender, IDisposable
{
    private readonly IkeSocket _socket;
    private readonly IkeSocket _natTraversalSocket;
    private readonly IkeEngine _engine;
    private readonly IkeSaOptions[] _options;
    private readonly bool _withChildSa;
    private readonly object _gate = new();
    private readonly Dictionary<ulong, long> _started = [];
    private readonly Dictionary<ulong, (long At, string? Error)> _finishedEarly = [];
    private readonly List<double> _latencies = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private SemaphoreSlim _slots = new(1);
    private int _ok;
    private int _failed;
    private long _lastCompletion;

    public ClosedLoop(LoadOptions options)
    {
        _socket = IkeSocket.Bind(options.Local, natTraversal: false, kernelEspInUdp: false, Receive);
        // Where the SAs float when the responder sees a NAT: strongSwan with kernel-libipsec fakes one to have its
        // ESP in UDP, so IKE_AUTH goes to its port 4500, with the non-ESP marker. Any free port of ours will do.
        _natTraversalSocket = IkeSocket.Bind(new IPEndPoint(options.Local.Address, 0), natTraversal: true, kernelEspInUdp: false, Receive);
        _engine = new IkeEngine(_socket.LocalEndPoint, this, TimeProvider.System, _ => null);
        _engine.EventRaised += OnEvent;
        _withChildSa = options.ChildSas > 0;
        var authorities = options.CertificateDirectory is { } directory
            ? new X509Certificate2Collection(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca.pem")))
            : null;
        _options = [.. Enumerable.Range(0, options.Identities).Select(i => Options(options, i, authorities))];
    }

    public IReadOnlyList<double> LatenciesMs => _latencies;

    public int Ok => _ok;

    public int Failed => _failed;

    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>When the last SA completed, in <see cref="Stopwatch"/> ticks: the end of the measured window.</summary>
    public long LastCompletion => Interlocked.Read(ref _lastCompletion);

    /// <summary>Negotiates <paramref name="count"/> IKE SAs with at most <paramref name="concurrency"/> at a time.</summary>
    public void Run(IPEndPoint remote, int count, int concurrency, TimeSpan limit)
    {
        lock (_gate)
        {
            _ok = _failed = 0;
            _latencies.Clear();
            _errors.Clear();
            _slots = new SemaphoreSlim(concurrency);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < count && Stopwatch.GetTimestamp() < deadline; i++)
        {
            if (!_slots.Wait(TimeSpan.FromSeconds(60)))
            {
                Count("no SA completed within 60 s (stalled)");
                break;
            }

            var start = Stopwatch.GetTimestamp();
            var sa = _engine.Initiate(_options[i % _options.Length], remote);
            lock (_gate)
            {
                if (_finishedEarly.Remove(sa.InitiatorSpi, out var early))
                {
                    Finish(start, early.At, early.Error);
                }
                else
                {
                    _started[sa.InitiatorSpi] = start;
                }
            }
        }

        // Wait for what is still in flight.
        for (var i = 0; i < concurrency; i++)
        {
            if (!_slots.Wait(TimeSpan.FromSeconds(60)))
            {
                lock (_gate)
                {
                    Count("no completion within 60 s (stalled)", _started.Count);
                }

                break;
            }
        }
    }

    /// <summary>The engine says port 4500 for an SA that floated (RFC 7296 §2.23): that is our NAT-T socket.</summary>
    public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote) =>
        (local.Port == NatDetection.NatTraversalPort ? _natTraversalSocket : _socket).Send(datagram.Span, remote);

    public void Dispose()
    {
        _socket.Dispose();
        _natTraversalSocket.Dispose();
        _engine.Dispose();
        _slots.Dispose();
    }

    /// <summary>Identity i: c&lt;i&gt;.ssload.test, with the PSK or with its own certificate and key (one key per identity, as in the anchor).</summary>
    private static IkeSaOptions Options(LoadOptions options, int i, X509Certificate2Collection? authorities) => new()
    {
        IkeProposals = [new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128),
            Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256),
            Transform.KeyExchange(options.Group switch
            {
                "x25519" => KeyExchangeTransformId.CURVE25519,
                "ecp256" => KeyExchangeTransformId.ECP_256,
                "modp2048" => KeyExchangeTransformId.MODP_2048,
                _ => throw new ArgumentException($"--group {options.Group}: use x25519, ecp256 or modp2048"),
            }),
        ])],
        ChildProposals = [new Proposal(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty,
            [Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128), Transform.ExtendedSequenceNumbers(false)])],
        LocalIdentity = Identity.Fqdn($"c{i}.ssload.test"),
        RemoteIdentity = Identity.Fqdn(options.ResponderId),
        PreSharedKey = options.PreSharedKey is { } psk ? Encoding.UTF8.GetBytes(psk) : ReadOnlyMemory<byte>.Empty,
        Certificate = options.CertificateDirectory is { } directory
            ? X509Certificate2.CreateFromPemFile(Path.Combine(directory, $"c{i}.pem"), Path.Combine(directory, $"c{i}.key"))
            : null,
        TrustedCertificateAuthorities = authorities,
        LocalTrafficSelectors = [TrafficSelector.AddressRange(IPAddress.Parse("127.0.1.1"), IPAddress.Parse("127.0.1.1"))],
        RemoteTrafficSelectors = [TrafficSelector.AddressRange(IPAddress.Parse("127.0.2.1"), IPAddress.Parse("127.0.2.1"))],
        Childless = options.ChildSas == 0,
    };

    /// <summary>
    /// Raised under the engine's lock, on a socket or timer thread. An SA is done when the IKE SA is established, or
    /// with a Child SA when its Child SA is (or either failed).
    /// </summary>
    private void OnEvent(IkeEvent e)
    {
        string? error;
        switch (e)
        {
            case IkeSaStateChanged { State: IkeSaState.Established } when !_withChildSa:
            case ChildSaEstablished when _withChildSa:
                error = null;
                break;
            case IkeSaFailed failed:
                error = Describe(failed.Notify, failed.Reason);
                break;
            case ChildSaFailed failed when _withChildSa:
                error = "Child SA: " + Describe(failed.Notify, failed.Reason);
                break;
            default:
                return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_started.Remove(e.InitiatorSpi, out var start))
            {
                Finish(start, now, error);
            }
            else
            {
                _finishedEarly[e.InitiatorSpi] = (now, error);
            }
        }
    }

    private void Receive(ReadOnlyMemory<byte> message, IPEndPoint remote, IkeSocket socket) => _engine.Receive(message, remote, socket.LocalEndPoint);

    private static string Describe(NotifyMessageType? notify, string reason) => notify is null ? reason : $"{notify}: {reason}";

    private void Finish(long start, long end, string? error)
    {
        if (error is null)
        {
            _ok++;
            _latencies.Add((end - start) * 1000.0 / Stopwatch.Frequency);
            Interlocked.Exchange(ref _lastCompletion, end);
        }
        else
        {
            Count(error);
        }

        _slots.Release();
    }

    private void Count(string error, int howMany = 1)
    {
        _failed += howMany;
        _errors[error] = _errors.GetValueOrDefault(error) + howMany;
    }
}
