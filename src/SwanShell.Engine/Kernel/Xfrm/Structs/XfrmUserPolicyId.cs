using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_userpolicy_id (64 octets): names a policy by selector and direction (or by index) for GET and DEL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserPolicyId
{
    public XfrmSelector Selector;
    public uint Index;
    public byte Direction;
}
