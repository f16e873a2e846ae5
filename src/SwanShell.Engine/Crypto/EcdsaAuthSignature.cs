using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// ECDSA auth methods 9-11 (RFC 4754): SHA-256 on P-256, SHA-384 on P-384, SHA-512 on P-521, each tied to its curve.
/// The signature is r || s, each as long as the curve's order (RFC 4754 §7), not the DER of RFC 7427. .NET's ECDsa.
/// </summary>
public sealed class EcdsaAuthSignature : IAuthMethodSignature
{
    public static readonly EcdsaAuthSignature P256 = new(AuthenticationMethod.ECDSA_SHA256_P256, HashAlgorithmName.SHA256, ECCurve.NamedCurves.nistP256);
    public static readonly EcdsaAuthSignature P384 = new(AuthenticationMethod.ECDSA_SHA384_P384, HashAlgorithmName.SHA384, ECCurve.NamedCurves.nistP384);
    public static readonly EcdsaAuthSignature P521 = new(AuthenticationMethod.ECDSA_SHA512_P521, HashAlgorithmName.SHA512, ECCurve.NamedCurves.nistP521);

    private readonly HashAlgorithmName _hash;
    private readonly string _curveOid;

    private EcdsaAuthSignature(AuthenticationMethod method, HashAlgorithmName hash, ECCurve curve)
    {
        Method = method;
        _hash = hash;
        _curveOid = curve.Oid.Value!;
    }

    public AuthenticationMethod Method { get; }

    /// <summary>The method for a key's curve; null for curves RFC 4754 does not cover (brainpool, …) and non-ECDSA keys.</summary>
    public static EcdsaAuthSignature? For(AsymmetricAlgorithm key) =>
        new[] { P256, P384, P521 }.FirstOrDefault(m => m.CanUse(key));

    public bool CanUse(AsymmetricAlgorithm key) => key is ECDsa ecdsa && ecdsa.ExportParameters(false).Curve.Oid?.Value == _curveOid;

    public byte[] Sign(AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> data) =>
        ((ECDsa)privateKey).SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        CanUse(publicKey) && ((ECDsa)publicKey).VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public override string ToString() => $"ECDSA-{_hash.Name}-{Method}";
}
