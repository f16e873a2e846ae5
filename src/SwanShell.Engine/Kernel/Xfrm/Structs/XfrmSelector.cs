using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_selector (56 octets): the traffic a policy or SA applies to. Ports and masks are big-endian.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmSelector
{
    public XfrmAddress DestinationAddress;
    public XfrmAddress SourceAddress;
    public ushort DestinationPort;
    public ushort DestinationPortMask;
    public ushort SourcePort;
    public ushort SourcePortMask;
    public ushort Family;
    public byte DestinationPrefixLength;
    public byte SourcePrefixLength;
    public byte Protocol;
    public int InterfaceIndex;
    public uint User;
}
