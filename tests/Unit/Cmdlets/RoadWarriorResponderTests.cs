using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>A responder conn with right=%any and rightid=%any takes peers of any identity, each its own IKE SA.</summary>
public sealed class RoadWarriorResponderTests
{
    private const string Psk = "one key for every road warrior";

    [Fact]
    public void Peers_with_different_identities_each_get_an_IKE_SA_under_the_one_any_conn()
    {
        var port = TwoDaemons.FreePort();
        using var east = new DaemonFixture($"""
            conn roadwarriors
                left=127.0.0.2
                leftid=@east
                leftsubnet=10.2.0.0/16
                leftikeport={port}
                right=%any
                rightid=%any
                rightsubnet=10.1.0.0/16
                authby=secret
                auto=add
            """, "127.0.0.2", $"@east %any : PSK \"{Psk}\"\n", port, port - 1);
        using var west = new DaemonFixture(Client("a", 1, port) + Client("b", 2, port), "127.0.0.1", $"@a @east : PSK \"{Psk}\"\n@b @east : PSK \"{Psk}\"\n", port, port - 1);
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection a, b -RunDirectory '{west.Path}'");
        IpsecConnectionStatus Status() => (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus roadwarriors -RunDirectory '{east.Path}'").Single().BaseObject;

        // The responder installs its Child SAs on its own loop, just after the initiator hears back.
        Assert.True(SpinWait.SpinUntil(() => Status().ChildSas.Count == 2, TimeSpan.FromSeconds(10)), east.Log);
        var status = Status();
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(ConnectionState.Established, status.State);
        Assert.Equal(["@a", "@b"], status.IkeSas.Select(sa => sa.RemoteId).Order(StringComparer.Ordinal));
        Assert.All(status.IkeSas, sa => Assert.Equal("Responder", sa.Role));
    }

    /// <summary>An initiator conn from west (127.0.0.1) as @<paramref name="id"/>, for 10.1.<paramref name="subnet"/>.0/24, to east.</summary>
    internal static string Client(string id, int subnet, int port) => $"""
        conn {id}
            left=127.0.0.1
            leftid=@{id}
            leftsubnet=10.1.{subnet}.0/24
            leftikeport={port}
            right=127.0.0.2
            rightid=@east
            rightsubnet=10.2.0.0/16
            rightikeport={port}
            authby=secret
            auto=add

        """;
}
