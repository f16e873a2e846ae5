using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>A signature algorithm for the Digital Signature auth method (RFC 7427), named by its AlgorithmIdentifier.</summary>
public interface ISignatureAlgorithm
{
    /// <summary>The DER AlgorithmIdentifier that precedes the signature in the AUTH payload.</summary>
    ReadOnlyMemory<byte> AlgorithmIdentifier { get; }

    /// <summary>The hash, as announced in SIGNATURE_HASH_ALGORITHMS.</summary>
    SignatureHashAlgorithm Hash { get; }

    /// <summary>Whether <paramref name="key"/> is of the kind this algorithm signs with.</summary>
    bool CanUse(AsymmetricAlgorithm key);

    byte[] Sign(AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> data);

    bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
