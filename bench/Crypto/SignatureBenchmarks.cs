using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// The public-key work of certificate authentication for one IKE SA as the responder: verify the initiator's
/// RFC 7427 signature, sign our own AUTH (certificate chain checks not included).
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly byte[] _octets = RandomNumberGenerator.GetBytes(400);
    private ECDsa _ecdsa = null!;
    private RSA _rsa = null!;
    private byte[] _ecdsaAuth = [];
    private byte[] _rsaAuth = [];

    [GlobalSetup]
    public void Setup()
    {
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _rsa = RSA.Create(2048);
        _ecdsaAuth = AuthenticationData.Sign(EcdsaSignature.Sha256, _ecdsa, _octets);
        _rsaAuth = AuthenticationData.Sign(RsaPkcs1Signature.Sha256, _rsa, _octets);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ecdsa.Dispose();
        _rsa.Dispose();
    }

    [Benchmark]
    public bool EcdsaP256VerifyAndSign() =>
        AuthenticationData.VerifySignature(_ecdsa, _ecdsaAuth, _octets, out _) && AuthenticationData.Sign(EcdsaSignature.Sha256, _ecdsa, _octets).Length > 0;

    [Benchmark]
    public bool Rsa2048VerifyAndSign() =>
        AuthenticationData.VerifySignature(_rsa, _rsaAuth, _octets, out _) && AuthenticationData.Sign(RsaPkcs1Signature.Sha256, _rsa, _octets).Length > 0;
}
