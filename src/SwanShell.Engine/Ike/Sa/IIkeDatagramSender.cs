using System.Net;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>Where the engine's datagrams go: the UDP sockets in the daemon, an in-memory network in tests.</summary>
public interface IIkeDatagramSender
{
    void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote);
}
