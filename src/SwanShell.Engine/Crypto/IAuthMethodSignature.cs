using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// A signature whose algorithm the AUTH payload's method number fixes, with no AlgorithmIdentifier in front of it:
/// RSA Digital Signature (method 1, RFC 7296 §3.8) and ECDSA (methods 9-11, RFC 4754). Peers that do not support
/// RFC 7427 (no SIGNATURE_HASH_ALGORITHMS) sign with these.
/// </summary>
public interface IAuthMethodSignature
{
    AuthenticationMethod Method { get; }

    /// <summary>Whether <paramref name="key"/> is of the kind (and, for ECDSA, the curve) the method requires.</summary>
    bool CanUse(AsymmetricAlgorithm key);

    bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
