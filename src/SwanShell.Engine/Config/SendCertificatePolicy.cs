namespace SwanShell.Engine.Config;

/// <summary><c>leftsendcert=</c>.</summary>
public enum SendCertificatePolicy
{
    /// <summary><c>always</c> (alias <c>yes</c>), the libreswan 5 default.</summary>
    Always,

    /// <summary><c>sendifasked</c>: only when the peer sends a certificate request.</summary>
    IfAsked,

    /// <summary><c>never</c> (alias <c>no</c>).</summary>
    Never,
}
