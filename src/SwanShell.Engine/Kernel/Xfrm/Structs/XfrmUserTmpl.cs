using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_user_tmpl (64 octets): one template of XFRMA_TMPL, the SA a policy requires.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserTmpl
{
    /// <summary>Algorithm masks with every bit set accept any algorithm the SA negotiated.</summary>
    public const uint AnyAlgorithm = uint.MaxValue;

    public XfrmId Id;
    public ushort Family;
    public XfrmAddress SourceAddress;
    public uint Reqid;
    public byte Mode;
    public byte Share;
    public byte Optional;
    public uint AuthAlgorithms;
    public uint EncryptionAlgorithms;
    public uint CompressionAlgorithms;
}
