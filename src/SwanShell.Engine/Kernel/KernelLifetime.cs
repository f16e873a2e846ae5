namespace SwanShell.Engine.Kernel;

/// <summary>When an SA expires: soft (time to rekey) and hard (gone) limits in time, bytes and packets; null means no limit.</summary>
public sealed record KernelLifetime(
    TimeSpan? SoftTime = null,
    TimeSpan? HardTime = null,
    ulong? SoftBytes = null,
    ulong? HardBytes = null,
    ulong? SoftPackets = null,
    ulong? HardPackets = null)
{
    public static KernelLifetime Unlimited { get; } = new();
}
