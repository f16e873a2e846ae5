using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Config;

namespace SwanShell.Engine.Nflog;

/// <summary>
/// <c>ipsec checknflog</c>: the rules for <c>nflog-all=</c> and for every conn with <c>nflog-group=</c>. A conn's rules match
/// its subnets (its hosts' addresses where it has none): decrypted traffic from the remote to the local side in the input
/// and forward hooks, traffic to be encrypted from the local to the remote side in the forward and output hooks.
/// </summary>
public static class NflogPlanner
{
    public static NflogRuleset Plan(IpsecConfiguration configuration, ILocalAddressSource host, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(warnings);
        var oriented = new List<OrientedConnection>();
        foreach (var conn in configuration.Connections.Where(c => c.NflogGroup is not null))
        {
            if (ConnectionOrientation.TryOrient(conn, host, null, out var connection, out var reason))
            {
                oriented.Add(connection!);
            }
            else
            {
                warnings.Add($"conn {conn.Name}: no nflog rules, because {reason}");
            }
        }

        return Plan(configuration.Setup.NflogAll, oriented);
    }

    /// <summary>The pure part: rules from the <c>nflog-all=</c> group and oriented conns, in configuration order.</summary>
    public static NflogRuleset Plan(ushort? nflogAll, IEnumerable<OrientedConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var rules = new List<NflogRule>();
        if (nflogAll is { } all)
        {
            rules.Add(new NflogRule(null, all, NflogChain.Input, NflogDirection.Inbound, null, null));
            rules.Add(new NflogRule(null, all, NflogChain.Forward, NflogDirection.Inbound, null, null));
            rules.Add(new NflogRule(null, all, NflogChain.Forward, NflogDirection.Outbound, null, null));
            rules.Add(new NflogRule(null, all, NflogChain.Output, NflogDirection.Outbound, null, null));
        }

        foreach (var connection in connections)
        {
            if (connection.Definition.NflogGroup is { } group)
            {
                rules.AddRange(Rules(connection, group));
            }
        }

        return new NflogRuleset(rules);
    }

    private static IEnumerable<NflogRule> Rules(OrientedConnection connection, ushort group)
    {
        var name = connection.Definition.Name;
        // Only a local end with subnets has traffic of other machines passing through this one.
        var forwards = connection.Local.Subnets.Count > 0;
        foreach (var (local, remote) in Pairs(Selectors(connection.Local), Selectors(connection.Remote)))
        {
            yield return new NflogRule(name, group, NflogChain.Input, NflogDirection.Inbound, remote, local);
            if (forwards)
            {
                yield return new NflogRule(name, group, NflogChain.Forward, NflogDirection.Inbound, remote, local);
                yield return new NflogRule(name, group, NflogChain.Forward, NflogDirection.Outbound, local, remote);
            }

            yield return new NflogRule(name, group, NflogChain.Output, NflogDirection.Outbound, local, remote);
        }
    }

    /// <summary>The end's subnets, else its host's literal address; empty (any address) for %any, %defaultroute and the like.</summary>
    private static List<IPNetwork> Selectors(ConnectionEnd end)
    {
        if (end.Subnets.Count > 0)
        {
            return [.. end.Subnets];
        }

        return end.Host.Kind == HostAddressKind.Address && end.Host.Address is { } address
            ? [new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)]
            : [];
    }

    /// <summary>Every local/remote pair of one address family; an end without selectors pairs as "any" with each of the other's.</summary>
    private static IEnumerable<(IPNetwork? Local, IPNetwork? Remote)> Pairs(List<IPNetwork> locals, List<IPNetwork> remotes)
    {
        if (locals.Count == 0 && remotes.Count == 0)
        {
            return [(null, null)];
        }

        if (locals.Count == 0)
        {
            return remotes.Select(r => ((IPNetwork?)null, (IPNetwork?)r));
        }

        if (remotes.Count == 0)
        {
            return locals.Select(l => ((IPNetwork?)l, (IPNetwork?)null));
        }

        return from l in locals
               from r in remotes
               where l.BaseAddress.AddressFamily == r.BaseAddress.AddressFamily
               select ((IPNetwork?)l, (IPNetwork?)r);
    }
}
