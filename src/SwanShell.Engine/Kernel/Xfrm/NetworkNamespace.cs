using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using SwanShell.Engine.Kernel.Xfrm.Netlink;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// Runs code inside another network namespace (e.g. /run/netns/NAME, as `ip netns add` creates it). A socket belongs
/// to the namespace it was created in, whichever thread later uses it; so creating the sockets on a short-lived
/// thread that entered the namespace with setns(2) puts them there without moving the caller.
/// </summary>
public static class NetworkNamespace
{
    public static T Run<T>(string path, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T? result = default;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(path))
                {
                    if (NetlinkNative.SetNs((int)handle.DangerousGetHandle(), NetlinkNative.CloneNewNet) != 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        throw new KernelException(errno == Errno.EPerm ? KernelError.PermissionDenied : KernelError.Failed, $"Cannot enter the network namespace {path}: {Errno.Name(errno)}.");
                    }
                }

                result = action();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = "netns " + path,
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result!;
    }
}
