using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_encap_tmpl (24 octets, XFRMA_ENCAP): UDP encapsulation of ESP; ports are big-endian.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmEncapTmpl
{
    /// <summary>UDP_ENCAP_ESPINUDP (RFC 3948), the only kind IKEv2 uses.</summary>
    public const ushort EspInUdp = 2;

    public ushort Type;
    public ushort SourcePort;
    public ushort DestinationPort;
    public XfrmAddress OriginalAddress;
}
