namespace SwanShell.Engine.Kernel;

/// <summary>Why the kernel refused an operation, named as the kernel's errno would.</summary>
public enum KernelError
{
    /// <summary>The SA or policy already exists (EEXIST).</summary>
    Exists,

    /// <summary>No such SA or policy (ENOENT, ESRCH).</summary>
    NotFound,

    /// <summary>Not allowed: the daemon lacks CAP_NET_ADMIN (EPERM).</summary>
    PermissionDenied,

    /// <summary>The kernel lacks what was asked for, e.g. an algorithm or ESP itself (ENOPROTOOPT, ENOSYS).</summary>
    NotSupported,

    /// <summary>Anything else; the message carries the kernel's words.</summary>
    Failed,
}

/// <summary>A kernel operation failed; the message says which SA, policy or route and why.</summary>
public sealed class KernelException(KernelError error, string message) : Exception(message)
{
    public KernelError Error { get; } = error;
}
