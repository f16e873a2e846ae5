using System.Net;
using System.Reflection;
using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.UnitTests.Config;
using SwanShell.UnitTests.Kernel.Xfrm;

namespace SwanShell.UnitTests.Daemon;

/// <summary>The daemon's Child SA SPIs come from the kernel (XFRM_MSG_ALLOCSPI), here this host's XFRM in a private namespace.</summary>
public sealed class KernelChildSpisTests(PrivateNetworkNamespace networkNamespace) : IClassFixture<PrivateNetworkNamespace>
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Peer = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void ChildSpi_IsReservedInTheKernel_FromThePeerToUs_UnderTheConnectionsReqid()
    {
        networkNamespace.Reset();
        using var kernel = XfrmKernel.Open(networkNamespace.Path);
        using var log = new DaemonLog(null, null);

        var spi = new KernelChildSpis(kernel, log).For(Connection(reqid: 9))(Peer, Local);

        var state = networkNamespace.Ip("xfrm state");
        Assert.Contains($"src {Peer} dst {Local}", state, StringComparison.Ordinal);
        Assert.Contains($"proto esp spi 0x{spi:x8} reqid {0xC000_0009u}", state, StringComparison.Ordinal);
        kernel.Flush();
    }

    [Fact]
    public void AKernelThatReservesNoSpi_IsLogged_AndTheChildSaGetsARandomOne()
    {
        var kernel = DispatchProxy.Create<IKernel, RefusingKernel>();
        using var log = new DaemonLog(null, null);
        var lines = new List<string>();
        log.LineWritten += lines.Add;

        var spi = new KernelChildSpis(kernel, log).For(Connection(reqid: 9))(Peer, Local);

        Assert.True(spi >= 0x100);
        var line = Assert.Single(lines);
        Assert.StartsWith($"\"tunnel\": the kernel reserved no SPI for a Child SA from {Peer} (", line, StringComparison.Ordinal);
        Assert.EndsWith("); using a random one", line, StringComparison.Ordinal);
    }

    private static Connection Connection(uint reqid)
    {
        var config = ConfigFiles.ReadText($"conn tunnel\n    left={Local}\n    right={Peer}\n    authby=secret\n");
        Assert.True(ConnectionOrientation.TryOrient(Assert.Single(config.Connections), new FakeLocalAddresses(null, Local.ToString()), null, out var oriented, out var reason), reason);
        return new Connection(oriented!, Local, Peer, reqid);
    }

    /// <summary>A kernel out of SPIs: every call fails as XfrmKernel reports a refusal.</summary>
    public class RefusingKernel : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new KernelException(KernelError.Failed, $"Cannot {targetMethod?.Name}: ENOSPC (No space left on device).");
    }
}
