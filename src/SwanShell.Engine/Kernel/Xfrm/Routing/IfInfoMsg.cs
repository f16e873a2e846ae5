using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Routing;

/// <summary>struct ifinfomsg (16 octets): the fixed part of RTM_GETLINK and its answer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Padding;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}
