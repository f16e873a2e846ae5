namespace SwanShell.Engine.Config;

/// <summary>The record types of ipsec.secrets.</summary>
public enum SecretKind
{
    /// <summary><c>PSK</c>: a pre-shared key.</summary>
    PreSharedKey,

    /// <summary><c>RSA</c>: names a private key (kept in SwanShell's certificate store, not in the file).</summary>
    Rsa,

    /// <summary><c>ECDSA</c>: names a private key, like <see cref="Rsa"/>.</summary>
    Ecdsa,

    /// <summary><c>XAUTH</c>: an IKEv1 XAUTH password (read, never used).</summary>
    Xauth,

    /// <summary><c>PPKS</c>: a post-quantum preshared key (RFC 8784) with its PPK ID.</summary>
    PostQuantumPreSharedKey,
}
