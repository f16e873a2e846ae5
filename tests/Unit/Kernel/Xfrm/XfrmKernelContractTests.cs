using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;

namespace SwanShell.UnitTests.Kernel.Xfrm;

/// <summary>The shared contract against this host's kernel, in a private network namespace.</summary>
public sealed class XfrmKernelContractTests : KernelContractTests, IClassFixture<PrivateNetworkNamespace>
{
    private readonly PrivateNetworkNamespace _namespace;
    private readonly XfrmKernel _kernel;

    public XfrmKernelContractTests(PrivateNetworkNamespace networkNamespace)
    {
        _namespace = networkNamespace;
        _namespace.Reset();
        _kernel = XfrmKernel.Open(networkNamespace.Path);
    }

    protected override IKernel Kernel => _kernel;

    protected override void SendUdp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort) =>
        _namespace.SendUdp(source, sourcePort, destination, destinationPort);
}
