using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_user_acquire (280 octets): XFRM_MSG_ACQUIRE, a packet that matched a policy with no SA.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserAcquire
{
    public XfrmId Id;
    public XfrmAddress SourceAddress;
    public XfrmSelector Selector;
    public XfrmUserPolicyInfo Policy;
    public uint AuthAlgorithms;
    public uint EncryptionAlgorithms;
    public uint CompressionAlgorithms;
    public uint Sequence;
}
