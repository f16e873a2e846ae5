using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// Child SA SPIs reserved in the kernel (XFRM_MSG_ALLOCSPI), as libreswan and strongSwan take them: the kernel knows
/// every SPI in use, other daemons' too, and the inbound SA later fills in the one it reserved. Called on engine threads.
/// </summary>
public sealed class KernelChildSpis(IKernel kernel, DaemonLog log)
{
    /// <summary>The allocator for the Child SAs of <paramref name="connection"/>: reserved under its reqid.</summary>
    public ChildSpiAllocator For(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return (peer, local) =>
        {
            try
            {
                return kernel.AllocateSpi(peer, local, IpsecProtocol.Esp, connection.Reqid);
            }
            catch (KernelException e)
            {
                // The negotiation goes on with an SPI of our own; should the kernel refuse the SA itself too, that
                // failure is the one the Child SA reports.
                log.Write($"\"{connection.Name}\": the kernel reserved no SPI for a Child SA from {peer} ({e.Message}); using a random one");
                return RandomSpi.Next();
            }
        };
    }
}
