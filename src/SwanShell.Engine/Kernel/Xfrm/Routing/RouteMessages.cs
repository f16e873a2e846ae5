using System.Net;
using System.Runtime.InteropServices;
using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.Engine.Kernel.Xfrm.Routing;

/// <summary>
/// The NETLINK_ROUTE requests behind <see cref="KernelRoute"/>: routes in a table of our own, the rule that makes
/// the kernel consult that table, the addresses added for a preferred source, and the interface-name lookup (in
/// the socket's namespace, not the caller's).
/// </summary>
internal static class RouteMessages
{
    public const ushort GetLink = 18;
    public const ushort NewAddress = 20;
    public const ushort DelAddress = 21;
    public const ushort GetAddress = 22;
    public const ushort NewRoute = 24;
    public const ushort DelRoute = 25;
    public const ushort GetRoute = 26;
    public const ushort NewRule = 32;
    public const ushort DelRule = 33;

    private const ushort RtaDst = 1;
    private const ushort RtaOif = 4;
    private const ushort RtaGateway = 5;
    private const ushort RtaPrefSrc = 7;
    private const ushort RtaTable = 15;
    private const ushort IflaIfName = 3;
    private const ushort FraPriority = 6;
    private const ushort FraTable = 15;
    private const ushort IfaAddress = 1;
    private const ushort IfaLocal = 2;
    private const ushort IfaProto = 11;

    /// <summary>RTM_NEWROUTE (exclusive create) or RTM_DELROUTE for <paramref name="route"/> in <paramref name="table"/>.</summary>
    public static NetlinkMessageWriter Route(ushort type, KernelRoute route, int? interfaceIndex, byte table)
    {
        var header = new RtMsg
        {
            Family = (byte)AddressFamilies.Of(route.Destination.BaseAddress),
            DestinationLength = (byte)route.Destination.PrefixLength,
            Table = table,
            Protocol = RtMsg.ProtocolStatic,

            // Without a gateway the destination is on the link itself, as `ip route add ... dev X` installs it.
            Scope = route.Gateway is null ? RtMsg.ScopeLink : RtMsg.ScopeUniverse,
            Type = RtMsg.TypeUnicast,
        };
        var request = new NetlinkMessageWriter(type, type == NewRoute ? (ushort)(NetlinkFlags.Create | NetlinkFlags.Exclusive) : NetlinkFlags.None)
            .Write(header)
            .Attribute(RtaTable, (uint)table)
            .Attribute(RtaDst, route.Destination.BaseAddress.GetAddressBytes());
        if (route.Gateway is { } gateway)
        {
            request.Attribute(RtaGateway, gateway.GetAddressBytes());
        }

        if (route.PreferredSource is { } source)
        {
            request.Attribute(RtaPrefSrc, source.GetAddressBytes());
        }

        if (interfaceIndex is { } index)
        {
            request.Attribute(RtaOif, index);
        }

        return request;
    }

    /// <summary>RTM_NEWRULE/DELRULE "from all lookup <paramref name="table"/>" at priority <paramref name="priority"/>.</summary>
    public static NetlinkMessageWriter Rule(ushort type, ushort family, byte table, uint priority) =>
        new NetlinkMessageWriter(type, type == NewRule ? (ushort)(NetlinkFlags.Create | NetlinkFlags.Exclusive) : NetlinkFlags.None)
            .Write(new FibRuleHdr { Family = (byte)family, Table = table, Action = FibRuleHdr.ActionToTable })
            .Attribute(FraPriority, priority)
            .Attribute(FraTable, (uint)table);

    /// <summary>
    /// RTM_NEWADDR (exclusive create) or RTM_DELADDR of <paramref name="address"/> as a host prefix on interface
    /// <paramref name="index"/>; IFA_PROTO carries <paramref name="protocol"/>, how a dump tells our addresses from the host's.
    /// </summary>
    public static NetlinkMessageWriter Address(ushort type, IPAddress address, int index, byte protocol)
    {
        var family = AddressFamilies.Of(address);
        var bytes = address.GetAddressBytes();
        var header = new IfAddrMsg
        {
            Family = (byte)family,
            PrefixLength = (byte)(bytes.Length * 8),
            Flags = family == AddressFamilies.Inet6 ? IfAddrMsg.FlagNoDad : (byte)0,
            Index = index,
        };
        return new NetlinkMessageWriter(type, type == NewAddress ? (ushort)(NetlinkFlags.Create | NetlinkFlags.Exclusive) : NetlinkFlags.None)
            .Write(header)
            .Attribute(IfaLocal, bytes)
            .Attribute(IfaAddress, bytes)
            .Attribute(IfaProto, protocol);
    }

    public static NetlinkMessageWriter DumpAddresses() => new NetlinkMessageWriter(GetAddress, NetlinkFlags.Dump).Write(default(IfAddrMsg));

    /// <summary>A dumped address with its interface index and IFA_PROTO (0 when unset); null for a message without one.</summary>
    public static (IPAddress Address, int Index, byte Protocol)? ReadAddress(NetlinkMessage message)
    {
        var attributes = message.Attributes(Marshal.SizeOf<IfAddrMsg>());
        if ((attributes.Get(IfaLocal) ?? attributes.Get(IfaAddress)) is not { } address)
        {
            return null;
        }

        return (new IPAddress(address.Span), message.Read<IfAddrMsg>().Index, attributes.Get<byte>(IfaProto) ?? 0);
    }

    /// <summary>RTM_GETROUTE for one destination: the route the kernel would take to it now (`ip route get`).</summary>
    public static NetlinkMessageWriter GetRouteTo(IPAddress destination) =>
        new NetlinkMessageWriter(GetRoute, NetlinkFlags.None)
            .Write(new RtMsg { Family = (byte)AddressFamilies.Of(destination), DestinationLength = (byte)(destination.GetAddressBytes().Length * 8) })
            .Attribute(RtaDst, destination.GetAddressBytes());

    /// <summary>The outgoing interface index and gateway of an answer to <see cref="GetRouteTo"/>.</summary>
    public static (int Index, IPAddress? Gateway) ReadNextHop(NetlinkMessage answer)
    {
        var attributes = answer.Attributes(Marshal.SizeOf<RtMsg>());
        return (attributes.Get<int>(RtaOif) ?? 0, attributes.Get(RtaGateway) is { } gateway ? new IPAddress(gateway.Span) : null);
    }

    public static NetlinkMessageWriter GetLinkByIndex(int index) =>
        new NetlinkMessageWriter(GetLink, NetlinkFlags.None).Write(new IfInfoMsg { Index = index });

    public static string? ReadInterfaceName(NetlinkMessage answer) => answer.Attributes(Marshal.SizeOf<IfInfoMsg>()).GetString(IflaIfName);

    public static NetlinkMessageWriter DumpRoutes() => new NetlinkMessageWriter(GetRoute, NetlinkFlags.Dump).Write(default(RtMsg));

    public static NetlinkMessageWriter GetLinkByName(string name) =>
        new NetlinkMessageWriter(GetLink, NetlinkFlags.None).Write(default(IfInfoMsg)).Attribute(IflaIfName, name);

    public static int ReadInterfaceIndex(NetlinkMessage answer) => answer.Read<IfInfoMsg>().Index;

    /// <summary>A dumped route of <paramref name="table"/>, enough to delete it; null for other tables.</summary>
    public static KernelRoute? ReadRoute(NetlinkMessage message, byte table)
    {
        var header = message.Read<RtMsg>();
        var attributes = message.Attributes(Marshal.SizeOf<RtMsg>());
        var routeTable = attributes.Get<uint>(RtaTable) ?? header.Table;
        if (routeTable != table || attributes.Get(RtaDst) is not { } destination)
        {
            return null;
        }

        return new KernelRoute(
            new IPNetwork(new IPAddress(destination.Span), header.DestinationLength),
            attributes.Get(RtaGateway) is { } gateway ? new IPAddress(gateway.Span) : null,
            attributes.Get(RtaPrefSrc) is { } source ? new IPAddress(source.Span) : null,
            null);
    }
}
