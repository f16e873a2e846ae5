using System.Net;
using System.Net.Sockets;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>
/// West (127.0.0.1) and east (127.0.0.2): two real daemons with the Memory kernel, each given the same conn
/// "tunnel" (PSK, 10.1.0.0/16 === 10.2.0.0/16) on a free UDP port, as the demo runs them.
/// </summary>
public sealed class TwoDaemons : IDisposable
{
    public const string Psk = "two daemons, one secret";

    public TwoDaemons(string westExtra = "", string eastExtra = "", string? westSecrets = null, string westSetup = "", string eastSetup = "")
        : this(port => Conn(port, westExtra), port => Conn(port, eastExtra), westSecrets, westSetup, eastSetup)
    {
    }

    /// <summary>Daemons with conns of the test's own, given the IKE port both use, and config setup lines of each (e.g. nssdir=).</summary>
    public TwoDaemons(Func<int, string> westConn, Func<int, string> eastConn, string? westSecrets = null, string westSetup = "", string eastSetup = "")
    {
        var port = FreePort();
        var secrets = $"@west @east : PSK \"{Psk}\"\n";
        West = new DaemonFixture(westConn(port), "127.0.0.1", westSecrets ?? secrets, port, port - 1, westSetup);
        try
        {
            East = new DaemonFixture(eastConn(port), "127.0.0.2", secrets, port, port - 1, eastSetup);
        }
        catch
        {
            West.Dispose();
            throw;
        }
    }

    public DaemonFixture West { get; }

    public DaemonFixture East { get; }

    public void Dispose()
    {
        West.Dispose();
        East.Dispose();
    }

    private static string Conn(int port, string extra) => $"""
        conn tunnel
            left=127.0.0.1
            leftid=@west
            leftsubnet=10.1.0.0/16
            leftikeport={port}
            right=127.0.0.2
            rightid=@east
            rightsubnet=10.2.0.0/16
            rightikeport={port}
            authby=secret
            auto=add
        {extra}
        """;

    /// <summary>A port free for UDP on both loopback addresses, with the one below it free too (for NAT-T).</summary>
    public static int FreePort()
    {
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            if (port > 20000 && Free("127.0.0.1", port) && Free("127.0.0.1", port - 1) && Free("127.0.0.2", port - 1))
            {
                return port;
            }
        }
    }

    private static bool Free(string address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
