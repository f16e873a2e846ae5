using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>What identifies an SA in the kernel: destination, SPI, protocol (and mark, when used).</summary>
public readonly record struct KernelSaId(IPAddress Destination, uint Spi, IpsecProtocol Protocol, KernelMark Mark = default)
{
    public override string ToString() => $"{Protocol.ToString().ToUpperInvariant()} SPI 0x{Spi:x8} to {Destination}{(Mark.IsSet ? $" mark {Mark}" : string.Empty)}";
}
