using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>The Linux errno values netlink answers with that the kernel back end tells apart.</summary>
internal static class Errno
{
    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int ESrch = 3;
    public const int EAcces = 13;
    public const int EExist = 17;
    public const int EInval = 22;
    public const int ENoSys = 38;
    public const int ENoProtoOpt = 92;
    public const int EProtoNoSupport = 93;
    public const int EOpNotSupp = 95;
    public const int EAfNoSupport = 97;
    public const int EAddrNotAvail = 99;
    public const int ENetUnreach = 101;
    public const int ENoBufs = 105;
    public const int ETimedOut = 110;
    public const int EHostUnreach = 113;

    /// <summary>The symbolic name and libc's text, e.g. "EEXIST (File exists)".</summary>
    public static string Name(int errno)
    {
        var symbol = errno switch
        {
            EPerm => "EPERM",
            ENoEnt => "ENOENT",
            ESrch => "ESRCH",
            EAcces => "EACCES",
            EExist => "EEXIST",
            EInval => "EINVAL",
            ENoSys => "ENOSYS",
            ENoProtoOpt => "ENOPROTOOPT",
            EProtoNoSupport => "EPROTONOSUPPORT",
            EOpNotSupp => "EOPNOTSUPP",
            EAfNoSupport => "EAFNOSUPPORT",
            EAddrNotAvail => "EADDRNOTAVAIL",
            ENetUnreach => "ENETUNREACH",
            ENoBufs => "ENOBUFS",
            ETimedOut => "ETIMEDOUT",
            EHostUnreach => "EHOSTUNREACH",
            _ => $"errno {errno}",
        };
        return $"{symbol} ({Marshal.GetPInvokeErrorMessage(errno)})";
    }
}
