namespace SwanShell;

/// <summary>The SAs and policies the daemon installed, from its kernel back end (XFRM or Memory), without keys.</summary>
public sealed record IpsecKernelState(string Backend, IReadOnlyList<IpsecKernelSa> Sas, IReadOnlyList<IpsecKernelPolicy> Policies);
