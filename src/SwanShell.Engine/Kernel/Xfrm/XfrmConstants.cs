namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>XFRM_MSG_* message types (linux/xfrm.h).</summary>
internal static class XfrmMessageType
{
    public const ushort NewSa = 16;
    public const ushort DelSa = 17;
    public const ushort GetSa = 18;
    public const ushort NewPolicy = 19;
    public const ushort DelPolicy = 20;
    public const ushort GetPolicy = 21;
    public const ushort AllocSpi = 22;
    public const ushort Acquire = 23;
    public const ushort Expire = 24;
    public const ushort UpdPolicy = 25;
    public const ushort UpdSa = 26;
}

/// <summary>XFRMA_* attribute types (linux/xfrm.h).</summary>
internal static class XfrmAttribute
{
    public const ushort AlgAuth = 1;
    public const ushort AlgCrypt = 2;
    public const ushort Encap = 4;
    public const ushort Tmpl = 5;
    public const ushort SrcAddr = 13;
    public const ushort LastUsed = 15;
    public const ushort AlgAead = 18;
    public const ushort AlgAuthTrunc = 20;
    public const ushort Mark = 21;
    public const ushort ReplayEsnVal = 23;
}

/// <summary>XFRMNLGRP_* multicast groups (linux/xfrm.h).</summary>
internal static class XfrmGroup
{
    public const int Acquire = 1;
    public const int Expire = 2;
}
