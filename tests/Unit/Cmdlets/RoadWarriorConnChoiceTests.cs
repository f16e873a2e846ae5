using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>
/// Two responder conns with right=%any, told apart only by rightid= and each with its own PSK: the daemon answers
/// IKE_SA_INIT by address alone, and at IKE_AUTH moves each peer to the conn of its ID, whose secret and subnets it gets.
/// </summary>
public sealed class RoadWarriorConnChoiceTests
{
    [Fact]
    public void Road_warriors_with_different_IDs_each_get_the_conn_of_their_ID_with_its_PSK_and_subnet()
    {
        var port = TwoDaemons.FreePort();
        using var east = new DaemonFixture(
            Responder("alice", 1, port) + Responder("bob", 2, port),
            "127.0.0.2",
            "@east @alice : PSK \"alice's own secret\"\n@east @bob : PSK \"bob's own secret\"\n",
            port,
            port - 1);
        using var west = new DaemonFixture(
            RoadWarriorResponderTests.Client("alice", 1, port) + RoadWarriorResponderTests.Client("bob", 2, port),
            "127.0.0.1",
            "@alice @east : PSK \"alice's own secret\"\n@bob @east : PSK \"bob's own secret\"\n",
            port,
            port - 1);
        using var shell = PowerShellFixture.NewShell();

        // Bob first: before the choice at IKE_AUTH, his IKE_SA_INIT landed on "rw-alice" (the first %any conn) and failed.
        shell.Run($"Start-IpsecConnection bob, alice -RunDirectory '{west.Path}'");
        IpsecConnectionStatus Status(string name) => (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus rw-{name} -RunDirectory '{east.Path}'").Single().BaseObject;

        Assert.True(SpinWait.SpinUntil(() => Status("alice").ChildSas.Count == 1 && Status("bob").ChildSas.Count == 1, TimeSpan.FromSeconds(10)), east.Log);
        Assert.Empty(shell.Streams.Error);
        foreach (var (name, subnet) in new[] { ("alice", 1), ("bob", 2) })
        {
            var status = Status(name);
            Assert.Equal(ConnectionState.Established, status.State);
            var ike = Assert.Single(status.IkeSas);
            Assert.Equal($"rw-{name}", ike.Connection);
            Assert.Equal($"@{name}", ike.RemoteId);
            Assert.Equal("Responder", ike.Role);
            var child = Assert.Single(status.ChildSas);
            Assert.Equal($"rw-{name}", child.Connection);
            Assert.Equal(ike.Serial, child.IkeSaSerial);
            Assert.Equal([$"10.1.{subnet}.0-10.1.{subnet}.255 proto 0 ports 0-65535"], child.RemoteTrafficSelectors);
        }

        Assert.Contains("\"rw-bob\"", east.Log, StringComparison.Ordinal);
        Assert.Contains("the peer is @bob", east.Log, StringComparison.Ordinal);
    }

    private static string Responder(string id, int subnet, int port) => $"""
        conn rw-{id}
            left=127.0.0.2
            leftid=@east
            leftsubnet=10.2.0.0/16
            leftikeport={port}
            right=%any
            rightid=@{id}
            rightsubnet=10.1.{subnet}.0/24
            authby=secret
            auto=add

        """;
}
