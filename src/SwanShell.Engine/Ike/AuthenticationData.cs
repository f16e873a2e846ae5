using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike;

/// <summary>
/// The contents of the AUTH payload (RFC 7296 §2.15) for a pre-shared key and for the Digital Signature method
/// (RFC 7427 §3).
/// </summary>
public static class AuthenticationData
{
    /// <summary>"Key Pad for IKEv2", without a terminating NUL (§2.15).</summary>
    private static ReadOnlySpan<byte> KeyPad => "Key Pad for IKEv2"u8;

    /// <summary>
    /// InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI, with MACedIDForI = prf(SK_pi, RestOfInitIDPayload);
    /// the responder's are RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload).
    /// </summary>
    /// <param name="realMessage">Our IKE_SA_INIT message exactly as sent (the initiator's RealMessage1, the responder's RealMessage2).</param>
    /// <param name="peerNonce">The other side's Nonce Data.</param>
    /// <param name="prf">The IKE SA's prf.</param>
    /// <param name="skP">SK_pi for the initiator's AUTH, SK_pr for the responder's.</param>
    /// <param name="identification">The signer's IDi or IDr.</param>
    /// <param name="intermediate">After IKE_INTERMEDIATE exchanges, IntAuth_iN | IntAuth_rN | IKE_AUTH_MID (RFC 9242 §3.3.2); else empty.</param>
    public static byte[] SignedOctets(ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce, IPseudorandomFunction prf, ReadOnlySpan<byte> skP, IdentificationPayload identification, ReadOnlySpan<byte> intermediate = default)
    {
        ArgumentNullException.ThrowIfNull(prf);
        ArgumentNullException.ThrowIfNull(identification);
        var octets = new byte[realMessage.Length + peerNonce.Length + prf.OutputLength + intermediate.Length];
        realMessage.CopyTo(octets);
        peerNonce.CopyTo(octets.AsSpan(realMessage.Length));
        prf.Compute(skP, identification.GetBody(), octets.AsSpan(realMessage.Length + peerNonce.Length, prf.OutputLength));
        intermediate.CopyTo(octets.AsSpan(realMessage.Length + peerNonce.Length + prf.OutputLength));
        return octets;
    }

    /// <summary>AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;).</summary>
    public static byte[] ComputeSharedKey(IPseudorandomFunction prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets)
    {
        ArgumentNullException.ThrowIfNull(prf);
        Span<byte> padded = stackalloc byte[prf.OutputLength];
        prf.Compute(sharedSecret, KeyPad, padded);
        var auth = new byte[prf.OutputLength];
        prf.Compute(padded, signedOctets, auth);
        CryptographicOperations.ZeroMemory(padded);
        return auth;
    }

    /// <summary>Compares in constant time.</summary>
    public static bool VerifySharedKey(IPseudorandomFunction prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> authenticationData) =>
        CryptographicOperations.FixedTimeEquals(ComputeSharedKey(prf, sharedSecret, signedOctets), authenticationData);

    /// <summary>
    /// Digital Signature (method 14) data: the one-octet length of the AlgorithmIdentifier, the AlgorithmIdentifier,
    /// then the signature over the signed octets (RFC 7427 §3).
    /// </summary>
    public static byte[] Sign(ISignatureAlgorithm algorithm, AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> signedOctets)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var algorithmIdentifier = algorithm.AlgorithmIdentifier.Span;
        var signature = algorithm.Sign(privateKey, signedOctets);
        return [(byte)algorithmIdentifier.Length, .. algorithmIdentifier, .. signature];
    }

    /// <summary>The signature that an auth method number names by itself (methods 1 and 9-11); null for any other method.</summary>
    public static IAuthMethodSignature? MethodSignature(AuthenticationMethod method) => method switch
    {
        AuthenticationMethod.RSA_DIGITAL_SIGNATURE => RsaSha1AuthSignature.Instance,
        AuthenticationMethod.ECDSA_SHA256_P256 => EcdsaAuthSignature.P256,
        AuthenticationMethod.ECDSA_SHA384_P384 => EcdsaAuthSignature.P384,
        AuthenticationMethod.ECDSA_SHA512_P521 => EcdsaAuthSignature.P521,
        _ => null,
    };

    /// <summary>
    /// Verifies Digital Signature data; false for a bad signature, an unknown algorithm, or one the key cannot make.
    /// The out parameter is the algorithm the peer named, when it is one we know.
    /// </summary>
    public static bool VerifySignature(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> authenticationData, ReadOnlySpan<byte> signedOctets, out ISignatureAlgorithm? algorithm)
    {
        algorithm = null;
        if (authenticationData.IsEmpty || authenticationData[0] + 1 > authenticationData.Length)
        {
            return false;
        }

        var length = authenticationData[0];
        return SignatureAlgorithmParser.TryParse(authenticationData.Slice(1, length), out algorithm)
            && algorithm.CanUse(publicKey)
            && algorithm.Verify(publicKey, signedOctets, authenticationData[(1 + length)..]);
    }
}
