using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_stats (12 octets): replay and integrity failure counts.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmStats
{
    public uint ReplayWindow;
    public uint Replay;
    public uint IntegrityFailed;
}
