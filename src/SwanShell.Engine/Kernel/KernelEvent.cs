namespace SwanShell.Engine.Kernel;

/// <summary>What the kernel tells the daemon without being asked.</summary>
public abstract record KernelEvent;

/// <summary>A packet matched a trap policy and no SA exists: negotiate one for this traffic.</summary>
/// <param name="Policy">The trap policy that matched.</param>
/// <param name="Packet">The selector of the packet that triggered it (its own addresses, for narrowing).</param>
/// <param name="Reqid">The reqid of the trap's template: which connection to bring up.</param>
public sealed record AcquireEvent(KernelPolicyId Policy, TrafficSelector Packet, uint Reqid) : KernelEvent;

/// <summary>An SA reached a lifetime limit: soft means rekey now, hard means it is gone.</summary>
public sealed record ExpireEvent(KernelSaId Sa, uint Reqid, bool Hard) : KernelEvent;
