using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_userspi_info (232 octets): XFRM_MSG_ALLOCSPI's request, the SA's addresses and the SPI range.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserSpiInfo
{
    public XfrmUserSaInfo Info;
    public uint Min;
    public uint Max;
}
