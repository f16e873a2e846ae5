using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Routing;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>The routing side: routes with a preferred source (leftsourceip) in a table of our own.</summary>
public sealed partial class XfrmKernel
{
    /// <summary>
    /// Our routing table, consulted through a rule of the same priority. strongSwan uses 220, so SwanShell takes
    /// the next one: both can run side by side (benchmarks do) without flushing each other's routes.
    /// </summary>
    public const byte RouteTable = 221;

    public void AddRoute(KernelRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        EnsureRule(AddressFamilies.Of(route.Destination.BaseAddress));
        RouteRequest(RouteMessages.Route(RouteMessages.NewRoute, route, InterfaceIndex(route), RouteTable), "add", route);
    }

    public KernelNextHop? NextHopTo(System.Net.IPAddress destination)
    {
        List<NetlinkMessage> answers;
        try
        {
            answers = _route.Request(RouteMessages.GetRouteTo(destination));
        }
        catch (NetlinkErrorException e) when (e.ErrorNumber is Errno.ENetUnreach or Errno.EHostUnreach)
        {
            return null;
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "look up", "route", $"to {destination}");
        }

        var (index, gateway) = RouteMessages.ReadNextHop(answers.Single());
        try
        {
            return RouteMessages.ReadInterfaceName(_route.Request(RouteMessages.GetLinkByIndex(index)).Single()) is { } name ? new KernelNextHop(gateway, name) : null;
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "look up", "interface", $"#{index} of the route to {destination}");
        }
    }

    public void DeleteRoute(KernelRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        RouteRequest(RouteMessages.Route(RouteMessages.DelRoute, route, InterfaceIndex(route), RouteTable), "delete", route);
    }

    /// <summary>Every route in our table, then our rules.</summary>
    private int FlushRoutes()
    {
        List<NetlinkMessage> dump;
        try
        {
            dump = _route.Dump(RouteMessages.DumpRoutes());
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "list", "routes of table", RouteTable);
        }

        var routes = dump.Select(m => RouteMessages.ReadRoute(m, RouteTable)).OfType<KernelRoute>().ToList();
        var removed = routes.Sum(route => Removed(() => DeleteRoute(route)));
        foreach (var family in (ushort[])[AddressFamilies.Inet, AddressFamilies.Inet6])
        {
            try
            {
                _route.Request(RouteMessages.Rule(RouteMessages.DelRule, family, RouteTable, RouteTable));
            }
            catch (NetlinkErrorException e) when (XfrmErrors.Classify(e.ErrorNumber) is KernelError.NotFound or KernelError.NotSupported)
            {
                // No rule of ours in this family (or no IPv6 at all).
            }
        }

        return removed;
    }

    private void EnsureRule(ushort family)
    {
        try
        {
            _route.Request(RouteMessages.Rule(RouteMessages.NewRule, family, RouteTable, RouteTable));
        }
        catch (NetlinkErrorException e) when (e.ErrorNumber == Errno.EExist)
        {
            // Installed by an earlier route.
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "add", "rule for table", RouteTable);
        }
    }

    private int? InterfaceIndex(KernelRoute route) => route.Interface is { } name ? InterfaceIndex(name, $"the route to {route.Destination}") : null;

    /// <summary>The index of interface <paramref name="name"/>; <paramref name="user"/> names what needs it, for the error.</summary>
    private int InterfaceIndex(string name, string user)
    {
        try
        {
            return RouteMessages.ReadInterfaceIndex(_route.Request(RouteMessages.GetLinkByName(name)).Single());
        }
        catch (NetlinkErrorException e)
        {
            throw new KernelException(KernelError.NotFound, $"Cannot use {user}: there is no interface {name} ({Errno.Name(e.ErrorNumber)}).");
        }
    }

    private void RouteRequest(NetlinkMessageWriter request, string operation, KernelRoute route)
    {
        try
        {
            _route.Request(request);
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, operation, "route", $"to {route.Destination}");
        }
    }
}
