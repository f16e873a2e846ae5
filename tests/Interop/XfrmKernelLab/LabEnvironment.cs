using System.Net;
using System.Runtime.InteropServices;

namespace SwanShell.Interop.XfrmKernelLab;

/// <summary>The lab's hook contract: which side this is, its addresses and subnets, and where to report.</summary>
public sealed record LabEnvironment(string Side, IPAddress Local, IPAddress Remote, IPNetwork LocalSubnet, IPNetwork RemoteSubnet, string ReadyFile, string Output)
{
    public bool IsWest => Side == "west";

    public static LabEnvironment FromEnvironment() => new(
        Get("LAB_SIDE"),
        IPAddress.Parse(Get("LAB_LOCAL_ADDR")),
        IPAddress.Parse(Get("LAB_REMOTE_ADDR")),
        IPNetwork.Parse(Get("LAB_LOCAL_SUBNET")),
        IPNetwork.Parse(Get("LAB_REMOTE_SUBNET")),
        Get("LAB_READY"),
        Get("LAB_OUT"));

    /// <summary>The lab ends a peer with SIGTERM once its own checks are done.</summary>
    public static async Task WaitForSigtermAsync()
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task.ConfigureAwait(false);
    }

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run this as a peer of the kernel lab (see README.md).");
}
