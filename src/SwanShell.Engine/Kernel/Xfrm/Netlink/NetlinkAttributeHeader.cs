using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>struct rtattr / struct nlattr: an attribute's length (header included, padding excluded) and type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NetlinkAttributeHeader
{
    public const int Size = 4;

    /// <summary>The high bits of nla_type are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER), not part of the type.</summary>
    public const ushort TypeMask = 0x3fff;

    public ushort Length;
    public ushort Type;
}
