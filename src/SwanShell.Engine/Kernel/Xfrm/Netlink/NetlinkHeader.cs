using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>struct nlmsghdr: the 16-octet header of every netlink message (host byte order).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NetlinkHeader
{
    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Sequence;
    public uint PortId;
}

/// <summary>nlmsghdr flags (linux/netlink.h); the high bits mean different things for GET, NEW and acks.</summary>
internal static class NetlinkFlags
{
    public const ushort None = 0;
    public const ushort Request = 0x1;
    public const ushort Multi = 0x2;
    public const ushort Ack = 0x4;

    /// <summary>NLM_F_ROOT | NLM_F_MATCH: every object of a GET.</summary>
    public const ushort Dump = 0x300;

    /// <summary>NLM_F_EXCL, NLM_F_CREATE: of a NEW request.</summary>
    public const ushort Exclusive = 0x200;
    public const ushort Create = 0x400;

    /// <summary>NLM_F_CAPPED, NLM_F_ACK_TLVS: of an NLMSG_ERROR acknowledgement.</summary>
    public const ushort Capped = 0x100;
    public const ushort AckTlvs = 0x200;
}

/// <summary>The control message types every netlink family shares.</summary>
internal static class NetlinkMessageType
{
    public const ushort Noop = 1;
    public const ushort Error = 2;
    public const ushort Done = 3;
}
