using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_mark (XFRMA_MARK): value and mask.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmMark
{
    public uint Value;
    public uint Mask;
}
