namespace SwanShell.Engine.Kernel;

/// <summary>An installed SA as the kernel reports it: what was installed, with its counters.</summary>
/// <param name="Sa">The SA as installed.</param>
/// <param name="Bytes">Bytes processed (before encryption outbound, after decryption inbound).</param>
/// <param name="Packets">Packets processed.</param>
/// <param name="InstalledAt">When it was added.</param>
/// <param name="LastUsedAt">When a packet last used it; null if none has.</param>
public sealed record KernelSaState(KernelSa Sa, ulong Bytes, ulong Packets, DateTimeOffset InstalledAt, DateTimeOffset? LastUsedAt);
