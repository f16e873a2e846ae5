namespace SwanShell.Engine.Kernel;

/// <summary>A policy to install.</summary>
/// <param name="Id">Selector, direction and mark.</param>
/// <param name="Kind">Protect, trap, pass or drop.</param>
/// <param name="Priority">Lower wins, as in XFRM.</param>
/// <param name="Template">For <see cref="PolicyKind.Ipsec"/> and <see cref="PolicyKind.Trap"/>: the SA to use or to negotiate.</param>
public sealed record KernelPolicy(KernelPolicyId Id, PolicyKind Kind, uint Priority, IpsecTemplate? Template = null);
