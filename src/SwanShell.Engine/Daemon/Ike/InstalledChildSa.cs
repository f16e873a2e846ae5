using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>A Child SA the daemon put into the kernel: the negotiated SA, its two kernel SAs and what removing it takes.</summary>
public sealed record InstalledChildSa(ulong Serial, ChildSa ChildSa, KernelSa Inbound, KernelSa Outbound, IReadOnlyList<KernelOperation> Installed, DateTimeOffset EstablishedAt)
{
    /// <summary>The operations that undo <see cref="Installed"/>, newest first.</summary>
    public IReadOnlyList<KernelOperation> Removal => [.. Installed.Reverse().Select(o => o.Inverse())];
}
