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

    [ParamsSource(nameof(Groups))]
    public KeyExchangeTransformId Group { get; set; }

    public static IEnumerable<KeyExchangeTransformId> Groups => [KeyExchangeTransformId.CURVE25519, KeyExchangeTransformId.ECP_256, KeyExchangeTransformId.MODP_2048];

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
