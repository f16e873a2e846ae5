using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>The daemon's <c>connections</c> request, with and without a list of names.</summary>
public sealed class ConnectionsQueryTests
{
    private const string Conns = """
        conn a
            left=127.0.0.1
            right=192.0.2.1
            authby=secret
            auto=add

        conn b
            also=a
            right=192.0.2.2

        conn c
            also=a
            right=192.0.2.3
        """;

    [Fact]
    public async Task Connections_without_arguments_answers_every_connection()
    {
        using var daemon = new DaemonFixture(Conns);

        var names = await Names(daemon, null);

        Assert.Equal(["a", "b", "c"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Connections_with_names_answers_those_alone_and_leaves_unknown_names_out()
    {
        using var daemon = new DaemonFixture(Conns);

        var names = await Names(daemon, new ConnectionsQuery(["c", "nosuch", "a"]));

        Assert.Equal(["c", "a"], names);
    }

    private static async Task<List<string>> Names(DaemonFixture daemon, ConnectionsQuery? query)
    {
        await using var client = await ControlClient.ConnectAsync(daemon.RunDirectory.SocketPath, CancellationToken.None);
        var arguments = query is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(query, ControlJsonContext.Default.ConnectionsQuery);
        var result = await client.RequestAsync("connections", arguments, null, CancellationToken.None);
        return [.. result!.Value.Deserialize(ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus)!.Select(s => s.Name)];
    }
}
