namespace SwanShell.Engine.Config;

/// <summary>The values of <c>authby=</c> and <c>leftauth=</c>.</summary>
public enum AuthenticationMethod
{
    /// <summary><c>secret</c> (alias <c>psk</c>): a pre-shared key from ipsec.secrets.</summary>
    Secret,

    /// <summary><c>rsasig</c> (alias <c>rsa</c>): RSA signatures, any hash.</summary>
    RsaSig,
    RsaSha1,
    RsaSha2_256,
    RsaSha2_384,
    RsaSha2_512,

    /// <summary><c>ecdsa</c>: ECDSA signatures, any SHA-2 hash.</summary>
    Ecdsa,
    EcdsaSha2_256,
    EcdsaSha2_384,
    EcdsaSha2_512,

    /// <summary><c>null</c>: no authentication (RFC 7619).</summary>
    Null,

    /// <summary><c>never</c>: never negotiate; for shunt conns.</summary>
    Never,

    /// <summary><c>eaponly</c> (<c>leftauth=</c> only).</summary>
    EapOnly,
}
