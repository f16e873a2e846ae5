using System.Net.Sockets;
using SwanShell.Engine.Control;
using SwanShell.Engine.Native;

namespace SwanShell.UnitTests.Control;

public sealed class ControlAccessPolicyTests
{
    [Theory]
    [InlineData(0u, 0u, true)]
    [InlineData(1000u, 1000u, true)]
    [InlineData(1001u, 1001u, false)]
    [InlineData(1001u, 2000u, true)]
    public void Peer_IsAllowedWhenRootTheDaemonsUserOrInTheControlGroup(uint userId, uint groupId, bool allowed)
    {
        var policy = new ControlAccessPolicy(DaemonUserId: 1000, AllowedGroupId: 2000);

        Assert.Equal(allowed, policy.Allows(new PeerCredentials(42, userId, groupId)));
    }

    [Fact]
    public void Peer_WithoutAControlGroup_OnlyRootAndTheDaemonsUser()
    {
        var policy = new ControlAccessPolicy(DaemonUserId: 1000);

        Assert.False(policy.Allows(new PeerCredentials(42, 1001, 2000)));
    }

    [Fact]
    public void PeerCredentials_OfAConnectedSocket_AreTheKernelsAnswer()
    {
        var (left, right) = SocketPair();
        using (left)
        using (right)
        {
            var peer = PeerCredentials.Of(right);

            Assert.Equal(Environment.ProcessId, peer.ProcessId);
            Assert.Equal(LibC.GetEUid(), peer.UserId);
        }
    }

    private static (Socket, Socket) SocketPair()
    {
        var path = Path.Combine(Path.GetTempPath(), $"swanshell-pair-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        var server = listener.Accept();
        File.Delete(path);
        return (client, server);
    }
}
