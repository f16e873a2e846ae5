namespace SwanShell.Engine.Config;

/// <summary><c>type=</c>: what the kernel does with the conn's traffic.</summary>
public enum ConnectionType
{
    Tunnel,
    Transport,

    /// <summary><c>passthrough</c> (alias <c>pass</c>): the traffic passes in clear.</summary>
    Passthrough,
    Drop,

    /// <summary>Implemented as <see cref="Drop"/> on XFRM, as in libreswan 5.</summary>
    Reject,
}
