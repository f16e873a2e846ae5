using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// One childless IKE SA set up by two IKE engines in this process (IKE_SA_INIT and IKE_AUTH, both roles, PSK,
/// AES-GCM-128, PRF-HMAC-SHA256), datagrams handed over in memory: the engine's cost without sockets, daemon or
/// logging, to place between the crypto alone and the daemon's measured cost.
/// </summary>
[MemoryDiagnoser]
public class EngineHandshakeBenchmarks
{
    private static readonly IPEndPoint Initiator = new(IPAddress.Parse("127.0.0.2"), 500);
    private static readonly IPEndPoint Responder = new(IPAddress.Parse("127.0.0.1"), 500);
    private readonly Queue<(byte[] Datagram, IPEndPoint From, IPEndPoint To)> _wire = new();
    private IkeEngine _initiator = null!;
    private IkeEngine _responder = null!;
    private IkeSaOptions _initiatorOptions = null!;
    private IkeSaOptions _responderOptions = null!;

    [ParamsSource(typeof(KeyExchangeBenchmarks), nameof(KeyExchangeBenchmarks.Groups))]
    public KeyExchangeTransformId Group { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _initiatorOptions = Options("c1.ssload.test", "resp.ssload.test", childless: true);
        _responderOptions = Options("resp.ssload.test", null, childless: false);
    }

    // Fresh engines every 100 SAs, so that the SA tables stay as small as in a real run's first seconds.
    [IterationSetup]
    public void NewEngines()
    {
        var wire = new Wire(_wire);
        _initiator = new IkeEngine(Initiator, wire, TimeProvider.System, _ => null);
        _responder = new IkeEngine(Responder, wire, TimeProvider.System, _ => _responderOptions,
            new IkeEngineOptions { CookieThreshold = int.MaxValue, BlockThreshold = int.MaxValue });
    }

    [IterationCleanup]
    public void DisposeEngines()
    {
        _initiator.Dispose();
        _responder.Dispose();
    }

    [Benchmark]
    [InvocationCount(100)]
    public IkeSaState ChildlessIkeSa()
    {
        var sa = _initiator.Initiate(_initiatorOptions, Responder);
        while (_wire.TryDequeue(out var d))
        {
            (d.To.Equals(Responder) ? _responder : _initiator).Receive(d.Datagram, d.From, d.To);
        }

        return sa.State == IkeSaState.Established ? sa.State : throw new InvalidOperationException($"the IKE SA is {sa.State}");
    }

    private IkeSaOptions Options(string local, string? remote, bool childless) => new()
    {
        IkeProposals = [new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
            [Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128), Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256), Transform.KeyExchange(Group)])],
        ChildProposals = [new Proposal(1, SecurityProtocolId.ESP, ReadOnlyMemory<byte>.Empty,
            [Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128), Transform.ExtendedSequenceNumbers(false)])],
        LocalIdentity = Identity.Fqdn(local),
        RemoteIdentity = remote is null ? null : Identity.Fqdn(remote),
        PreSharedKey = Encoding.UTF8.GetBytes("ssload-preshared-key-0123456789abcdef"),
        LocalTrafficSelectors = [TrafficSelector.AddressRange(IPAddress.Any, IPAddress.Broadcast)],
        RemoteTrafficSelectors = [TrafficSelector.AddressRange(IPAddress.Any, IPAddress.Broadcast)],
        Childless = childless,
    };

    /// <summary>Queues what an engine sends; the benchmark delivers it after the engine's lock is released.</summary>
    private sealed class Wire(Queue<(byte[] Datagram, IPEndPoint From, IPEndPoint To)> queue) : IIkeDatagramSender
    {
        public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote) => queue.Enqueue((datagram.ToArray(), local, remote));
    }
}
