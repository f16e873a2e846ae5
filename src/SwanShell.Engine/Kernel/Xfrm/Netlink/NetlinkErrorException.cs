namespace SwanShell.Engine.Kernel.Xfrm.Netlink;

/// <summary>The kernel answered a request with an NLMSG_ERROR: its errno and, with extended acks, its own words.</summary>
internal sealed class NetlinkErrorException(int errno, string? detail)
    : Exception(detail is null ? $"netlink error {Errno.Name(errno)}" : $"netlink error {Errno.Name(errno)}: {detail}")
{
    public int ErrorNumber { get; } = errno;

    /// <summary>The kernel's extended-ack message (NLMSGERR_ATTR_MSG), e.g. "Requested AEAD algorithm not found".</summary>
    public string? Detail { get; } = detail;
}
