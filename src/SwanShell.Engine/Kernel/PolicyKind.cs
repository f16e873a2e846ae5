namespace SwanShell.Engine.Kernel;

/// <summary>What a policy does with matching packets.</summary>
public enum PolicyKind
{
    /// <summary>Protect them with the SAs the templates name (an established Child SA).</summary>
    Ipsec,

    /// <summary>
    /// Hold them and ask the daemon to negotiate (ACQUIRE): <c>--route</c>, <c>auto=ondemand</c>. To the kernel a trap
    /// is an IPsec policy whose SA does not exist yet, so listings call a policy with a template a trap exactly
    /// while no SA for it is installed, whichever kind it was added as.
    /// </summary>
    Trap,

    /// <summary>Let them pass in the clear: <c>type=passthrough</c>.</summary>
    Pass,

    /// <summary>Drop them: <c>type=drop</c>/<c>reject</c>.</summary>
    Drop,
}
