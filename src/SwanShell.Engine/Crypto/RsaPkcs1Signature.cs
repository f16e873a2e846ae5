using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>sha256/384/512WithRSAEncryption (RSASSA-PKCS1-v1_5, RFC 8017) in an RFC 7427 AUTH payload. .NET's RSA.</summary>
public sealed class RsaPkcs1Signature : ISignatureAlgorithm
{
    public static readonly RsaPkcs1Signature Sha256 = new(HashAlgorithmName.SHA256, SignatureAlgorithmIdentifiers.Sha256WithRsaEncryption);
    public static readonly RsaPkcs1Signature Sha384 = new(HashAlgorithmName.SHA384, SignatureAlgorithmIdentifiers.Sha384WithRsaEncryption);
    public static readonly RsaPkcs1Signature Sha512 = new(HashAlgorithmName.SHA512, SignatureAlgorithmIdentifiers.Sha512WithRsaEncryption);

    private readonly HashAlgorithmName _hash;

    private RsaPkcs1Signature(HashAlgorithmName hash, string oid)
    {
        _hash = hash;
        Oid = oid;
        AlgorithmIdentifier = SignatureAlgorithmIdentifiers.Encode(oid, nullParameters: true);
    }

    public ReadOnlyMemory<byte> AlgorithmIdentifier { get; }

    public SignatureHashAlgorithm Hash => SignatureAlgorithmIdentifiers.IkeHash(_hash);

    internal string Oid { get; }

    public bool CanUse(AsymmetricAlgorithm key) => key is RSA;

    public byte[] Sign(AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> data) =>
        ((RSA)privateKey).SignData(data.ToArray(), _hash, RSASignaturePadding.Pkcs1);

    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        publicKey is RSA rsa && rsa.VerifyData(data, signature, _hash, RSASignaturePadding.Pkcs1);

    public override string ToString() => $"RSA-PKCS1-{_hash.Name}";
}
