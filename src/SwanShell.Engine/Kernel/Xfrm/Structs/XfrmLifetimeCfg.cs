using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_lifetime_cfg (64 octets): soft and hard limits; <see cref="Infinite"/> (XFRM_INF) means none.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmLifetimeCfg
{
    public const ulong Infinite = ulong.MaxValue;

    public ulong SoftByteLimit;
    public ulong HardByteLimit;
    public ulong SoftPacketLimit;
    public ulong HardPacketLimit;
    public ulong SoftAddExpiresSeconds;
    public ulong HardAddExpiresSeconds;
    public ulong SoftUseExpiresSeconds;
    public ulong HardUseExpiresSeconds;

    public static XfrmLifetimeCfg Unlimited => new()
    {
        SoftByteLimit = Infinite,
        HardByteLimit = Infinite,
        SoftPacketLimit = Infinite,
        HardPacketLimit = Infinite,
    };
}
