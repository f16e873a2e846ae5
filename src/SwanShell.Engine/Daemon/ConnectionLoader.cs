using System.Net;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon.Ike;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// Turns conns of an ipsec.conf into oriented connections with resolved addresses, off the event loop (reading
/// files and resolving names may block), with their certificates from <paramref name="store"/>. Errors name the file,
/// the line and what to do.
/// </summary>
public sealed class ConnectionLoader(ILocalAddressSource host, CertificateStore store)
{
    /// <summary>A conn ready to enter the database: oriented, with its addresses and credentials.</summary>
    public sealed record LoadedConnection(OrientedConnection Oriented, IPAddress LocalAddress, IPAddress? RemoteAddress, ConnectionCredentials Credentials);

    /// <exception cref="ControlException">The file has errors in the conns asked for, a name is not in it, or a conn cannot be oriented.</exception>
    public IReadOnlyList<LoadedConnection> Load(IpsecConfiguration configuration, string configPath, IReadOnlyList<string> names, bool all)
    {
        var selected = all
            ? [.. configuration.Connections.Where(c => c.Auto != AutoStart.Ignore)]
            : names.Select(name => Find(configuration, configPath, name)).ToList();
        var credentials = new CredentialResolver(store);
        return [.. selected.Select(conn => Orient(conn, credentials))];
    }

    /// <summary>
    /// Conns already picked from their file (the daemon's own ipsec.conf at start), without a lookup by name; a conn
    /// that cannot be oriented, resolved or given its credentials goes to <paramref name="skipped"/>, the others load.
    /// </summary>
    public IReadOnlyList<LoadedConnection> LoadEach(IEnumerable<ConnectionDefinition> conns, Action<ConnectionDefinition, ControlException> skipped)
    {
        ArgumentNullException.ThrowIfNull(conns);
        ArgumentNullException.ThrowIfNull(skipped);
        var credentials = new CredentialResolver(store);
        var loaded = new List<LoadedConnection>();
        foreach (var conn in conns)
        {
            try
            {
                loaded.Add(Orient(conn, credentials));
            }
            catch (ControlException e)
            {
                skipped(conn, e);
            }
        }

        return loaded;
    }

    /// <summary>Reads an ipsec.conf; its errors become one <see cref="ControlErrorCodes.ConfigInvalid"/> that lists them all.</summary>
    public static IpsecConfiguration Read(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new ControlException(ControlErrorCodes.ConfigInvalid, $"The configuration file {configPath} does not exist.", configPath);
        }

        var configuration = IpsecConfReader.Read(configPath);
        var errors = configuration.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ControlException(ControlErrorCodes.ConfigInvalid, $"{configPath} has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}", configPath);
        }

        return configuration;
    }

    private static ConnectionDefinition Find(IpsecConfiguration configuration, string configPath, string name)
    {
        var found = configuration.Connections.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name));
        if (found is not null)
        {
            return found;
        }

        var closest = EditDistance.Closest(name, configuration.Connections.Select(c => c.Name).ToList());
        throw new ControlException(ControlErrorCodes.ConnectionNotFound,
            $"There is no conn '{name}' in {configPath}{(closest is null ? "." : $"; did you mean '{closest}'?")}", name);
    }

    private LoadedConnection Orient(ConnectionDefinition conn, CredentialResolver credentials)
    {
        if (!ConnectionOrientation.TryOrient(conn, host, null, out var oriented, out var reason))
        {
            throw new ControlException(ControlErrorCodes.ConnectionUnoriented, $"Cannot add '{conn.Name}' ({conn.Location}): {reason}.", conn.Name);
        }

        var local = ConnectionOrientation.ResolveLocal(oriented!.Local.Host, host)
            ?? throw new ControlException(ControlErrorCodes.ConnectionUnoriented, $"Cannot add '{conn.Name}': its local end {oriented.Local.Host} has no address here.", conn.Name);
        return new LoadedConnection(oriented, local, ResolveRemote(conn.Name, oriented.Remote.Host), credentials.Resolve(oriented));
    }

    private static IPAddress? ResolveRemote(string name, HostAddress remote) => remote.Kind switch
    {
        HostAddressKind.Address => remote.Address,
        HostAddressKind.Any => null,
        HostAddressKind.HostName => Dns.GetHostAddresses(remote.Name!).FirstOrDefault()
            ?? throw new ControlException(ControlErrorCodes.ConnectionUnoriented, $"Cannot add '{name}': the peer's name {remote.Name} does not resolve.", name),
        _ => throw new ControlException(ControlErrorCodes.NotSupported, $"Cannot add '{name}': a remote end of {remote} is not supported by SwanShell yet.", name),
    };
}
