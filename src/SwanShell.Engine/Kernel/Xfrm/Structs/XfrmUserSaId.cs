using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_usersa_id (24 octets): names one SA for XFRM_MSG_GETSA and XFRM_MSG_DELSA.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserSaId
{
    public XfrmAddress DestinationAddress;
    public uint Spi;
    public ushort Family;
    public byte Protocol;
}
