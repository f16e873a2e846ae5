using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>struct xfrm_usersa_info (224 octets on 64-bit): the fixed part of XFRM_MSG_NEWSA/UPDSA and of SA dumps.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XfrmUserSaInfo
{
    /// <summary>XFRM_STATE_ESN: 64-bit sequence numbers, with the window in XFRMA_REPLAY_ESN_VAL.</summary>
    public const byte FlagEsn = 128;

    public XfrmSelector Selector;
    public XfrmId Id;
    public XfrmAddress SourceAddress;
    public XfrmLifetimeCfg Lifetime;
    public XfrmLifetimeCur Current;
    public XfrmStats Stats;
    public uint Sequence;
    public uint Reqid;
    public ushort Family;
    public byte Mode;
    public byte ReplayWindow;
    public byte Flags;
}
