using SwanShell.Engine.Kernel.Xfrm.Netlink;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>Turns the kernel's errno into a <see cref="KernelException"/> that says what was attempted on which object.</summary>
internal static class XfrmErrors
{
    public static KernelError Classify(int errno) => errno switch
    {
        Errno.EExist => KernelError.Exists,
        // EADDRNOTAVAIL: the address to delete is not there.
        Errno.ENoEnt or Errno.ESrch or Errno.EAddrNotAvail => KernelError.NotFound,
        Errno.EPerm or Errno.EAcces => KernelError.PermissionDenied,
        Errno.EProtoNoSupport or Errno.ENoSys or Errno.ENoProtoOpt or Errno.EOpNotSupp or Errno.EAfNoSupport => KernelError.NotSupported,
        _ => KernelError.Failed,
    };

    /// <param name="error">The kernel's answer.</param>
    /// <param name="operation">What was attempted, e.g. "add".</param>
    /// <param name="noun">The kind of object: "SA", "policy", "route".</param>
    /// <param name="subject">The object as its id prints (never key material).</param>
    public static KernelException From(NetlinkErrorException error, string operation, string noun, object subject)
    {
        var kind = Classify(error.ErrorNumber);
        var reason = kind switch
        {
            KernelError.Exists => "it already exists",
            KernelError.NotFound => $"there is no such {noun}",
            KernelError.PermissionDenied => $"permission denied: {Errno.Name(error.ErrorNumber)}; XFRM needs CAP_NET_ADMIN",
            KernelError.NotSupported => $"the kernel does not support it: {Errno.Name(error.ErrorNumber)}",
            _ => Errno.Name(error.ErrorNumber),
        };
        var detail = error.Detail is null ? string.Empty : $" The kernel says: {error.Detail}.";
        return new KernelException(kind, $"Cannot {operation} the {noun} {subject}: {reason}.{detail}");
    }

    /// <summary>"No such object" in the words <see cref="From"/> uses, for objects that are missing or not ours.</summary>
    public static KernelException NotFound(string operation, string noun, object subject, bool foreign = false) =>
        new(KernelError.NotFound, $"Cannot {operation} the {noun} {subject}: there is no such {noun}{(foreign ? " of ours" : string.Empty)}.");
}
