using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// ecdsa-with-SHA256/384/512 (RFC 5758) in an RFC 7427 AUTH payload: the signature is the DER Ecdsa-Sig-Value
/// (RFC 7427 §3), not the fixed r || s of the older ECDSA auth methods 9-11. .NET's ECDsa, for speed.
/// </summary>
public sealed class EcdsaSignature : ISignatureAlgorithm
{
    public static readonly EcdsaSignature Sha256 = new(HashAlgorithmName.SHA256, SignatureAlgorithmIdentifiers.EcdsaWithSha256);
    public static readonly EcdsaSignature Sha384 = new(HashAlgorithmName.SHA384, SignatureAlgorithmIdentifiers.EcdsaWithSha384);
    public static readonly EcdsaSignature Sha512 = new(HashAlgorithmName.SHA512, SignatureAlgorithmIdentifiers.EcdsaWithSha512);

    private readonly HashAlgorithmName _hash;

    private EcdsaSignature(HashAlgorithmName hash, string oid)
    {
        _hash = hash;
        Oid = oid;
        AlgorithmIdentifier = SignatureAlgorithmIdentifiers.Encode(oid, nullParameters: false);
    }

    public ReadOnlyMemory<byte> AlgorithmIdentifier { get; }

    public SignatureHashAlgorithm Hash => SignatureAlgorithmIdentifiers.IkeHash(_hash);

    internal string Oid { get; }

    public bool CanUse(AsymmetricAlgorithm key) => key is ECDsa;

    public byte[] Sign(AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> data) =>
        ((ECDsa)privateKey).SignData(data, _hash, DSASignatureFormat.Rfc3279DerSequence);

    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        publicKey is ECDsa ecdsa && ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.Rfc3279DerSequence);

    public override string ToString() => $"ECDSA-{_hash.Name}";
}
