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

    /// <summary>The interface an added <c>leftsourceip</c> goes on: loopback is always there, whichever interface IKE uses.</summary>
    public const string SourceAddressInterface = "lo";

    /// <summary>
    /// The operations of <c>--route</c>: an outbound trap per selector, plus the source routing of
    /// <c>leftsourceip</c> unless a Child SA put it in already.
    /// </summary>
    /// <param name="connection">The connection to route.</param>
    /// <param name="kernel">Where the host's addresses and routes are read (never changed here).</param>
    public static IReadOnlyList<KernelOperation> Route(Connection connection, IKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
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

        if (connection.InstalledRoutes.Count == 0)
        {
            operations.AddRange(SourceRouting(connection, kernel));
        }

        return operations;
    }

    /// <summary>
    /// What makes local traffic to the remote subnets leave with <c>leftsourceip</c>: the address itself when the host
    /// lacks it, then a route per remote subnet the way the peer is reached (its gateway and interface), as libreswan
    /// routes them. Nothing without a leftsourceip.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="kernel">Where the host's addresses and routes are read (never changed here).</param>
    public static IReadOnlyList<KernelOperation> SourceRouting(Connection connection, IKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(kernel);
        if (connection.Oriented.Local.SourceIp is not { } source || connection.RemoteAddress is not { } peer)
        {
            return [];
        }

        var toPeer = kernel.NextHopTo(peer);
        var routes = connection.Selectors.Select(s => s.Destination).Distinct()
            .Select(net => new AddRouteOperation(new KernelRoute(net, toPeer?.Gateway, source, toPeer?.Interface)));
        return kernel.HasAddress(source) ? [.. routes] : [new AddAddressOperation(new KernelAddress(source, SourceAddressInterface)), .. routes];
    }

    /// <summary>The operations of <c>--unroute</c> (and of delete): remove every policy installed for it, and its source routing unless kept.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="keepSourceRouting">Whether a Child SA still carries its traffic, which needs the routes of leftsourceip.</param>
    public static IReadOnlyList<KernelOperation> Unroute(Connection connection, bool keepSourceRouting = false) =>
    [
        .. connection.InstalledPolicies.Select(policy => new DeletePolicyOperation(policy)),
        .. keepSourceRouting ? [] : SourceUnrouting(connection),
    ];

    /// <summary>Removes the routes of leftsourceip, then the address if it was added.</summary>
    public static IReadOnlyList<KernelOperation> SourceUnrouting(Connection connection) =>
    [
        .. connection.InstalledRoutes.Select(route => new DeleteRouteOperation(route)),
        .. connection.InstalledAddresses.Select(address => new DeleteAddressOperation(address)),
    ];

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
