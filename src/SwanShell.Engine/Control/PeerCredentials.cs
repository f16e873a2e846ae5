using System.Buffers.Binary;
using System.Net.Sockets;

namespace SwanShell.Engine.Control;

/// <summary>Who is on the other end of a Unix socket, as the kernel vouches for it (SO_PEERCRED).</summary>
public sealed record PeerCredentials(int ProcessId, uint UserId, uint GroupId)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}

/// <summary>Who may control the daemon: root, the daemon's own user, and members of an optional group.</summary>
public sealed record ControlAccessPolicy(uint DaemonUserId, uint? AllowedGroupId = null)
{
    public bool Allows(PeerCredentials peer) =>
        peer.UserId == 0 || peer.UserId == DaemonUserId || (AllowedGroupId is { } group && peer.GroupId == group);
}
