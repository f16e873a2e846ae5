using System.Net;
using Microsoft.Extensions.Time.Testing;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Memory;

namespace SwanShell.UnitTests.Kernel;

public sealed class MemoryKernelContractTests : KernelContractTests
{
    private readonly MemoryKernel _kernel = new(new FakeTimeProvider());

    protected override IKernel Kernel => _kernel;

    protected override void SendUdp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort) =>
        _kernel.SendPacket(source, destination, 8, 17, sourcePort, destinationPort);
}
