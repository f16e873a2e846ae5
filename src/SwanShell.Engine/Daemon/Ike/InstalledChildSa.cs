using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// A Child SA the daemon put into the kernel: the negotiated SA, its two kernel SAs and what removing it takes. A
/// rekey hands the policies on to the new Child SA, so the old one's <see cref="Installed"/> shrinks to its SAs.
/// </summary>
public sealed record InstalledChildSa(ulong Serial, ChildSa ChildSa, KernelSa Inbound, KernelSa Outbound, IReadOnlyList<KernelOperation> Installed, DateTimeOffset EstablishedAt)
{
    /// <summary>The operations that undo <see cref="Installed"/>, newest first.</summary>
    public IReadOnlyList<KernelOperation> Removal => [.. Installed.Reverse().Select(o => o.Inverse())];

    /// <summary>When the soft lifetime starts its rekey: both kernel SAs expire, one rekey answers both.</summary>
    public DateTimeOffset? RekeyAt => Inbound.Lifetime.SoftTime is { } soft ? EstablishedAt + soft : null;

    /// <summary>Whether a rekey (or, after the hard expiry, a delete) has been asked of the engine.</summary>
    public bool Replacing { get; set; }
}
