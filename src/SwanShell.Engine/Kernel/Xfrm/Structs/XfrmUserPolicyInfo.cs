using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_userpolicy_info (168 octets on 64-bit): the fixed part of XFRM_MSG_NEWPOLICY/UPDPOLICY and of policy dumps.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserPolicyInfo
{
    public const byte ActionAllow = 0;
    public const byte ActionBlock = 1;

    public XfrmSelector Selector;
    public XfrmLifetimeCfg Lifetime;
    public XfrmLifetimeCur Current;
    public uint Priority;
    public uint Index;
    public byte Direction;
    public byte Action;
    public byte Flags;
    public byte Share;
}
