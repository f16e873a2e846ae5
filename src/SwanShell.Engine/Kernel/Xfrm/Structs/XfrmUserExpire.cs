using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_user_expire (232 octets): XFRM_MSG_EXPIRE, an SA that reached its soft or hard limit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserExpire
{
    public XfrmUserSaInfo State;
    public byte Hard;
}
