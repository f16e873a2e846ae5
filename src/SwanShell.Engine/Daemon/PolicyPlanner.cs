using System.Net;
using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// Which kernel policies and routes a connection needs: traps while routed, IPsec policies (out, in and, in
/// tunnel mode, forward) while its Child SA is up, and their removal. One place, so that route, up, down,
/// unroute and -WhatIf agree.
/// </summary>
public static class PolicyPlanner
{
    /// <summary>Highest (weakest) priority we use; more specific selectors get lower values and so win, as in libreswan.</summary>
    public const uint BasePriority = 100_000;

    /// <summary>The operations of <c>--route</c>: an outbound trap per selector, plus the source-address route.</summary>
    public static IReadOnlyList<KernelOperation> Route(Connection connection)
    {
        if (connection.RemoteAddress is null)
        {
            throw new InvalidOperationException($"'{connection.Name}' cannot be routed: its remote end is %any, so there is no peer to negotiate with.");
        }

        var operations = new List<KernelOperation>();
        foreach (var selector in connection.Selectors)
        {
            operations.Add(new AddPolicyOperation(new KernelPolicy(
                new KernelPolicyId(selector, PolicyDirection.Out, SaMarks.Of(connection.Definition, unique: 0).Out),
                KindOf(connection.Definition.Type),
                PriorityOf(connection, selector),
                Template(connection, connection.LocalAddress, connection.RemoteAddress))));
        }

        operations.AddRange(SourceRoutes(connection).Select(route => new AddRouteOperation(route)));
        return operations;
    }

    /// <summary>The operations of <c>--unroute</c> (and of delete): remove every policy and route installed for it.</summary>
    public static IReadOnlyList<KernelOperation> Unroute(Connection connection) =>
    [
        .. connection.InstalledPolicies.Select(policy => new DeletePolicyOperation(policy)),
        .. connection.InstalledRoutes.Select(route => new DeleteRouteOperation(route)),
    ];

    /// <summary>The routes that make local traffic to the remote subnets leave with <c>leftsourceip</c>.</summary>
    public static IEnumerable<KernelRoute> SourceRoutes(Connection connection) =>
        connection.Oriented.Local.SourceIp is { } source
            ? connection.Selectors.Select(s => s.Destination).Distinct().Select(net => new KernelRoute(net, null, source, null))
            : [];

    /// <summary>Lower for narrower selectors, so that a /32 conn wins over a /16 one; <c>priority=</c> overrides.</summary>
    public static uint PriorityOf(Connection connection, TrafficSelector selector) =>
        connection.Definition.Priority ?? BasePriority - (uint)((selector.Source.PrefixLength + selector.Destination.PrefixLength) * 64);

    /// <summary>Shunt conns (<c>type=passthrough/drop/reject</c>) install their verdict; the others a trap.</summary>
    private static PolicyKind KindOf(ConnectionType type) => type switch
    {
        ConnectionType.Passthrough => PolicyKind.Pass,
        ConnectionType.Drop or ConnectionType.Reject => PolicyKind.Drop,
        _ => PolicyKind.Trap,
    };

    private static IpsecTemplate? Template(Connection connection, IPAddress source, IPAddress destination) =>
        connection.Definition.Type is ConnectionType.Tunnel or ConnectionType.Transport
            ? new IpsecTemplate(source, destination, IpsecProtocol.Esp, connection.Definition.Type == ConnectionType.Tunnel ? IpsecMode.Tunnel : IpsecMode.Transport, connection.Reqid)
            : null;
}
