using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>The libc calls netlink needs that .NET lacks: creating an AF_NETLINK socket and entering a network namespace.</summary>
internal static partial class NetlinkNative
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloExec = 0x80000;
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, in SockAddrNetlink address, int addressLength);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nsType);
}

/// <summary>struct sockaddr_nl: port ID 0 asks the kernel to assign one.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockAddrNetlink
{
    public ushort Family;
    public ushort Padding;
    public uint PortId;
    public uint Groups;
}
