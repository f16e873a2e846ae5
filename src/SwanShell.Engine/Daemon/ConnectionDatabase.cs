namespace SwanShell.Engine.Daemon;

/// <summary>The connections the daemon knows, by name (ordinal, as libreswan compares them). Event loop only.</summary>
public sealed class ConnectionDatabase
{
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<Connection> All => _connections.Values;

    public bool TryGet(string name, out Connection connection) => _connections.TryGetValue(name, out connection!);

    /// <exception cref="Control.ControlException">No connection has that name.</exception>
    public Connection Get(string name) =>
        _connections.TryGetValue(name, out var connection)
            ? connection
            : throw new Control.ControlException(Control.ControlErrorCodes.ConnectionNotFound, $"No connection named '{name}' has been added; add it with Add-IpsecConnection (ipsec auto --add).", name);

    public void Add(Connection connection) => _connections.Add(connection.Name, connection);

    public bool Remove(string name) => _connections.Remove(name);
}
