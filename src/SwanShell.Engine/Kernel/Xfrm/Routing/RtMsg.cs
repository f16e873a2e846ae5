using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Routing;

/// <summary>struct rtmsg (12 octets): the fixed part of RTM_NEWROUTE/DELROUTE and of route dumps.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public const byte ProtocolStatic = 4;
    public const byte ScopeUniverse = 0;
    public const byte ScopeLink = 253;
    public const byte TypeUnicast = 1;

    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}
