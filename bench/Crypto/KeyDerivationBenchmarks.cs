using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// The symmetric crypto of one IKE SA with AES-GCM-128 and PRF-HMAC-SHA256: SKEYSEED and the seven SK_* keys
/// (§2.14), and the PSK AUTH payload, which the responder verifies for the peer and computes for itself (§2.15).
/// </summary>
[MemoryDiagnoser]
public class KeyDerivationBenchmarks
{
    private readonly byte[] _nonceInitiator = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonceResponder = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _sharedSecret = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _initRequest = RandomNumberGenerator.GetBytes(300);
    private readonly byte[] _psk = Encoding.UTF8.GetBytes("ssload-preshared-key-0123456789abcdef");
    private readonly byte[] _skP = RandomNumberGenerator.GetBytes(32);
    private readonly IdentificationPayload _id = new(PayloadType.IdentificationInitiator, IdentificationType.ID_FQDN, Encoding.ASCII.GetBytes("c1.ssload.test"));
    private IPseudorandomFunction _prf = null!;
    private IEncryptionAlgorithm _encryption = null!;

    [GlobalSetup]
    public void Setup()
    {
        AlgorithmRegistry.TryGetPrf(PrfTransformId.PRF_HMAC_SHA2_256, out var prf);
        AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_AES_GCM_16, 128, out var encryption);
        _prf = prf!;
        _encryption = encryption!;
    }

    [Benchmark]
    public void SkeyseedAndIkeSaKeys()
    {
        var skeyseed = IkeKeyDerivation.ComputeSkeyseed(_prf, _nonceInitiator, _nonceResponder, _sharedSecret);
        using var keys = IkeKeyDerivation.DeriveIkeSaKeys(_prf, skeyseed, _nonceInitiator, _nonceResponder, 1, 2, _encryption, null);
    }

    [Benchmark]
    public byte[] PskAuthentication()
    {
        var octets = AuthenticationData.SignedOctets(_initRequest, _nonceResponder, _prf, _skP, _id);
        return AuthenticationData.ComputeSharedKey(_prf, _psk, octets);
    }
}
