using System.Net;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class ConnectionOrientationTests
{
    private static ConnectionDefinition Conn(string left, string right) =>
        Assert.Single(ConfigFiles.ReadText($"conn a\n    left={left}\n    right={right}\n").Connections);

    private static ConnectionSide? LocalSide(ConnectionDefinition conn, ILocalAddressSource host, ConnectionSide? forced = null) =>
        ConnectionOrientation.TryOrient(conn, host, forced, out var oriented, out _) ? oriented!.LocalSide : null;

    [Fact]
    public void End_with_a_local_address_is_local()
    {
        var conn = Conn("192.0.2.1", "192.0.2.2");

        Assert.Equal(ConnectionSide.Left, LocalSide(conn, new FakeLocalAddresses(null, "192.0.2.1")));
        Assert.Equal(ConnectionSide.Right, LocalSide(conn, new FakeLocalAddresses(null, "192.0.2.2")));
    }

    [Fact]
    public void Default_route_and_interface_ends_are_local_when_the_host_has_them()
    {
        var host = new FakeLocalAddresses("198.51.100.7");
        host.Interfaces["eth1"] = IPAddress.Parse("203.0.113.5");

        Assert.Equal(ConnectionSide.Left, LocalSide(Conn("%defaultroute", "192.0.2.2"), host));
        Assert.Equal(ConnectionSide.Right, LocalSide(Conn("192.0.2.2", "%eth1"), host));
        Assert.Equal(IPAddress.Parse("203.0.113.5"), ConnectionOrientation.ResolveLocal(new HostAddress(HostAddressKind.Interface, Name: "eth1"), host));
        Assert.Null(LocalSide(Conn("192.0.2.2", "%eth9"), host));
    }

    [Fact]
    public void Unoriented_conn_says_why()
    {
        var conn = Conn("192.0.2.1", "%any");

        Assert.False(ConnectionOrientation.TryOrient(conn, new FakeLocalAddresses(null, "10.0.0.1"), null, out _, out var reason));
        Assert.Equal("neither end of 'a' (192.0.2.1 or %any) is an address of this host", reason);
    }

    [Fact]
    public void Both_ends_local_needs_an_override()
    {
        var conn = Conn("192.0.2.1", "192.0.2.2");
        var host = new FakeLocalAddresses(null, "192.0.2.1", "192.0.2.2");

        Assert.Null(LocalSide(conn, host));
        Assert.Equal(ConnectionSide.Right, LocalSide(conn, host, ConnectionSide.Right));
    }

    [Fact]
    public void Oriented_conn_gives_local_and_remote_ends()
    {
        var conn = Conn("192.0.2.1", "192.0.2.2");

        ConnectionOrientation.TryOrient(conn, new FakeLocalAddresses(null, "192.0.2.2"), null, out var oriented, out _);

        Assert.Same(conn.Right, oriented!.Local);
        Assert.Same(conn.Left, oriented.Remote);
    }

    [Fact]
    public void System_source_reads_the_default_route_from_procfs()
    {
        var proc = Directory.CreateTempSubdirectory("swanshell-proc-");
        try
        {
            Directory.CreateDirectory(Path.Combine(proc.FullName, "net"));
            File.WriteAllText(Path.Combine(proc.FullName, "net", "route"),
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
                "nosuch0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n" +
                "nosuch0\t0002A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n");
            var source = new SystemLocalAddressSource(proc.FullName);

            // The route names an interface this machine does not have: no address, and no exception.
            Assert.Null(source.DefaultRouteAddress(System.Net.Sockets.AddressFamily.InterNetwork));
            Assert.Null(source.DefaultRouteAddress(System.Net.Sockets.AddressFamily.InterNetworkV6));
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }
}
