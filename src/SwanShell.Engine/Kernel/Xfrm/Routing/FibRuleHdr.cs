using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Routing;

/// <summary>struct fib_rule_hdr (12 octets): the fixed part of RTM_NEWRULE/DELRULE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FibRuleHdr
{
    public const byte ActionToTable = 1;

    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Reserved1;
    public byte Reserved2;
    public byte Action;
    public uint Flags;
}
