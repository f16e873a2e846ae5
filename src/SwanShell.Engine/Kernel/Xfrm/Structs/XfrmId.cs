using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_id (24 octets): what identifies an SA: destination, SPI (big-endian) and protocol.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmId
{
    public XfrmAddress DestinationAddress;
    public uint Spi;
    public byte Protocol;
}
