using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Routing;

/// <summary>struct ifaddrmsg (8 octets): the fixed part of RTM_NEWADDR/DELADDR and of address dumps.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    /// <summary>IFA_F_NODAD: an IPv6 address usable at once, without duplicate address detection.</summary>
    public const byte FlagNoDad = 0x02;

    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public int Index;
}
