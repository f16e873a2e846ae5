using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>
/// struct xfrm_replay_state_esn (24 octets, XFRMA_REPLAY_ESN_VAL) without its trailing bitmap of
/// <see cref="BitmapLength"/> 32-bit words, which follows it in the attribute.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmReplayStateEsn
{
    public uint BitmapLength;
    public uint OutboundSequence;
    public uint Sequence;
    public uint OutboundSequenceHigh;
    public uint SequenceHigh;
    public uint ReplayWindow;
}
