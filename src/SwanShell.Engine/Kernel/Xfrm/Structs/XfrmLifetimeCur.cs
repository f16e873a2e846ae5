using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_lifetime_cur (32 octets): an SA's counters and its add/use times in seconds since the epoch.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmLifetimeCur
{
    public ulong Bytes;
    public ulong Packets;
    public ulong AddTime;
    public ulong UseTime;
}
