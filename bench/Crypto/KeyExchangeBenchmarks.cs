using BenchmarkDotNet.Attributes;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// The responder's key exchange work for one IKE SA: a fresh key pair and the shared secret from the initiator's
/// public value (IKE_SA_INIT). The initiator does the same amount (its key pair, then the derive).
/// </summary>
[MemoryDiagnoser]
public class KeyExchangeBenchmarks
{
    private byte[] _initiatorData = [];

    [ParamsSource(nameof(AllGroups))]
    public KeyExchangeTransformId Group { get; set; }

    /// <summary>The groups of the handshake scenarios (bench/run.sh).</summary>
    public static IEnumerable<KeyExchangeTransformId> Groups => [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.MODP_2048];

    /// <summary>Every Diffie-Hellman group we offer, for the key exchange alone.</summary>
    public static IEnumerable<KeyExchangeTransformId> AllGroups =>
    [
        KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.CURVE448,
        KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.ECP_384, KeyExchangeTransformId.ECP_521,
        KeyExchangeTransformId.MODP_2048, KeyExchangeTransformId.MODP_3072, KeyExchangeTransformId.MODP_4096,
    ];

    [GlobalSetup]
    public void Setup()
    {
        using var initiator = AlgorithmRegistry.CreateKeyExchange(Group);
        _initiatorData = initiator.CreateInitiatorData();
    }

    [Benchmark]
    public byte[] ResponderKeyExchange()
    {
        using var responder = AlgorithmRegistry.CreateKeyExchange(Group);
        responder.ProcessInitiatorData(_initiatorData, out var sharedSecret);
        return sharedSecret;
    }
}
