using System.Net;
using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// A connection in the daemon's database: its oriented definition, the addresses it resolved to on this host,
/// the reqid of its kernel objects, and what is installed for it. Lives on the event loop only.
/// </summary>
public sealed class Connection
{
    public Connection(OrientedConnection oriented, IPAddress localAddress, IPAddress? remoteAddress, uint reqid)
    {
        Oriented = oriented;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        Reqid = reqid;
        Selectors = [.. SelectorsOf(oriented, localAddress, remoteAddress)];
    }

    public string Name => Oriented.Definition.Name;

    public OrientedConnection Oriented { get; }

    public ConnectionDefinition Definition => Oriented.Definition;

    public IPAddress LocalAddress { get; }

    /// <summary>The peer's address; null when it is <c>%any</c> (a responder for road warriors).</summary>
    public IPAddress? RemoteAddress { get; }

    public uint Reqid { get; }

    /// <summary>What each end authenticates with, resolved against the certificate store when the conn was added.</summary>
    public ConnectionCredentials Credentials { get; init; } = ConnectionCredentials.PreSharedKey;

    /// <summary>Our ID as sent: <c>leftid=</c>, else the certificate's subject, else our address.</summary>
    public string LocalId => Oriented.Local.Id is { Kind: not IkeIdentityKind.FromCertificate } id ? id.ToString()
        : Credentials.LocalIdentity?.ToString() ?? LocalAddress.ToString();

    /// <summary>Local-to-remote traffic the connection protects: each local subnet with each remote one.</summary>
    public IReadOnlyList<TrafficSelector> Selectors { get; }

    /// <summary>Whether its trap policies are installed (<c>--route</c>, <c>auto=route/ondemand</c>).</summary>
    public bool Routed { get; set; }

    /// <summary>Its status as its definition, addresses and credentials give it (names, ends, subnets), kept once made.</summary>
    public IpsecConnectionStatus? DefinitionStatus { get; set; }

    /// <summary>The policies installed for it, trap or IPsec, to be removed by unroute or delete.</summary>
    public List<KernelPolicy> InstalledPolicies { get; } = [];

    /// <summary>Routes installed for its <c>leftsourceip</c>.</summary>
    public List<KernelRoute> InstalledRoutes { get; } = [];

    /// <summary>Its <c>leftsourceip</c>, when the host did not have it and routing added it.</summary>
    public List<KernelAddress> InstalledAddresses { get; } = [];

    /// <summary>Takes note of the policies, routes and addresses an applied plan installed for it.</summary>
    public void Installed(IReadOnlyList<KernelOperation> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        InstalledPolicies.AddRange(plan.OfType<AddPolicyOperation>().Select(o => o.Policy));
        InstalledRoutes.AddRange(plan.OfType<AddRouteOperation>().Select(o => o.Route));
        InstalledAddresses.AddRange(plan.OfType<AddAddressOperation>().Select(o => o.Address));
    }

    private static IEnumerable<TrafficSelector> SelectorsOf(OrientedConnection oriented, IPAddress local, IPAddress? remote)
    {
        var localNets = oriented.Local.Subnets.Count > 0 ? [.. oriented.Local.Subnets] : HostNetwork(local);
        var remoteNets = oriented.Remote.Subnets.Count > 0 ? [.. oriented.Remote.Subnets] : HostNetwork(remote);
        return from l in localNets from r in remoteNets where l.BaseAddress.AddressFamily == r.BaseAddress.AddressFamily select TrafficSelector.Between(l, r);
    }

    private static IPNetwork[] HostNetwork(IPAddress? address) =>
        address is null ? [] : [new IPNetwork(address, address.GetAddressBytes().Length * 8)];
}
