namespace SwanShell;

/// <summary>Where a connection is, from loaded to up, as <c>ipsec auto --status</c> tells it.</summary>
public enum ConnectionState
{
    /// <summary>Known to the daemon; nothing installed, no SA.</summary>
    Added,

    /// <summary>Its trap policies are installed: traffic will bring it up (<c>--route</c>).</summary>
    Routed,

    /// <summary>An IKE exchange is under way.</summary>
    Connecting,

    /// <summary>An IKE SA is up, with no Child SA (childless, or its Child SA is down).</summary>
    IkeEstablished,

    /// <summary>IKE SA and Child SA are up: traffic flows.</summary>
    Established,
}
