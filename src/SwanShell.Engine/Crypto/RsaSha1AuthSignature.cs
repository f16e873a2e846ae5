using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// RSA Digital Signature (auth method 1, RFC 7296 §3.8): RSASSA-PKCS1-v1_5 over SHA-1. Verified only, for peers
/// without RFC 7427 (libreswan's RSASIG_v1_5); we sign with RFC 7427 RSASSA-PSS instead, as SHA-1 signatures are
/// deprecated (RFC 8247 §3.2).
/// </summary>
public sealed class RsaSha1AuthSignature : IAuthMethodSignature
{
    public static readonly RsaSha1AuthSignature Instance = new();

    private RsaSha1AuthSignature()
    {
    }

    public AuthenticationMethod Method => AuthenticationMethod.RSA_DIGITAL_SIGNATURE;

    public bool CanUse(AsymmetricAlgorithm key) => key is RSA;

    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
#pragma warning disable CA5350 // method 1 is defined over SHA-1; we only verify what a peer chose, its policy allowing it.
        publicKey is RSA rsa && rsa.VerifyData(data, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
#pragma warning restore CA5350

    public override string ToString() => "RSA-PKCS1-SHA1";
}
