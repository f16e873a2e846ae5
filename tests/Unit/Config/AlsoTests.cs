using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class AlsoTests
{
    [Fact]
    public void Own_settings_win_over_also_which_wins_over_default()
    {
        var config = ConfigFiles.ReadText("""
            conn %default
                ikelifetime=1h
                rekeymargin=3m
                dpddelay=10
            conn base
                ikelifetime=2h
                rekeymargin=4m
                left=192.0.2.1
                right=192.0.2.2
            conn a
                also=base
                ikelifetime=3h
                auto=add
            """);

        Assert.Empty(config.Diagnostics);
        var a = config.Connections.Single(c => c.Name == "a");
        Assert.Equal(TimeSpan.FromHours(3), a.IkeLifetime);
        Assert.Equal(TimeSpan.FromMinutes(4), a.RekeyMargin);
        Assert.Equal(TimeSpan.FromSeconds(10), a.DpdDelay);
    }

    [Fact]
    public void Also_chains_are_followed_depth_first_in_order()
    {
        var config = ConfigFiles.ReadText("""
            conn hosts
                left=192.0.2.1
                right=192.0.2.2
            conn nets
                also=hosts
                leftsubnet=10.1.0.0/16
                rightsubnet=10.2.0.0/16
            conn other-nets
                leftsubnet=10.9.0.0/16
            conn a
                also=nets
                also=other-nets
            """);

        Assert.Empty(config.Diagnostics);
        var a = config.Connections.Single(c => c.Name == "a");
        Assert.Equal("10.1.0.0/16", a.Left.Subnets.Single().ToString());
        Assert.Equal("192.0.2.2", a.Right.Host.ToString());
    }

    [Fact]
    public void Also_fragment_without_ends_is_not_an_error()
    {
        var config = ConfigFiles.ReadText("conn fragment\n    leftsubnet=10.1.0.0/16\nconn a\n    also=fragment\n    left=192.0.2.1\n    right=192.0.2.2\n");

        Assert.Empty(config.Diagnostics);
        Assert.Equal("a", Assert.Single(config.Connections).Name);
    }

    [Fact]
    public void Also_naming_nothing_suggests_the_closest_conn()
    {
        var config = ConfigFiles.ReadText("conn base\n    left=192.0.2.1\n    right=192.0.2.2\nconn a\n    also=bsae\n");

        Assert.Equal(
        [
            "ipsec.conf:5:10: also=bsae names no conn section; did you mean 'also=base'?",
        ], ConfigFiles.Messages(config).Where(m => m.Contains("also", StringComparison.Ordinal)));
    }

    [Fact]
    public void Also_cycle_is_reported_at_each_also_in_it_with_the_whole_chain()
    {
        var config = ConfigFiles.ReadText("conn a\n    also=b\n    left=192.0.2.1\n    right=192.0.2.2\nconn b\n    also=a\n");

        Assert.Equal(
        [
            "ipsec.conf:2:10: also= cycle: b -> a -> b; remove one of these also= lines",
            "ipsec.conf:6:10: also= cycle: a -> b -> a; remove one of these also= lines",
        ], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Default_section_may_not_use_also()
    {
        var config = ConfigFiles.ReadText("conn %default\n    also=base\nconn base\n    left=192.0.2.1\n    right=192.0.2.2\n");

        Assert.Equal(["ipsec.conf:2:5: conn %default may not use also=; move the also= into the conns that need it"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Missing_right_is_reported_at_the_conn()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    auto=start\n");

        Assert.Equal(["ipsec.conf:1:1: conn 'a' has no right=; say where each end is: an IP address, a DNS name, %defaultroute or %any"], ConfigFiles.Messages(config));
        Assert.Empty(config.Connections);
    }

    [Fact]
    public void Right_from_default_counts()
    {
        var config = ConfigFiles.ReadText("conn %default\n    right=%any\nconn a\n    left=192.0.2.1\n");

        Assert.Equal(HostAddressKind.Any, Assert.Single(config.Connections).Right.Host.Kind);
    }

    [Fact]
    public void Error_in_a_shared_section_is_reported_once_and_fails_every_conn_using_it()
    {
        var config = ConfigFiles.ReadText("conn %default\n    ike=aes256-sha3\n    pfs=maybe\nconn a\n    left=192.0.2.1\n    right=192.0.2.2\nconn b\n    left=192.0.2.1\n    right=192.0.2.3\n");

        Assert.Equal(
        [
            "ipsec.conf:2:16: unknown algorithm 'sha3' in ike=; did you mean 'sha2'?",
            "ipsec.conf:3:9: invalid value 'maybe' for 'pfs': expected yes or no",
        ], ConfigFiles.Messages(config));
        Assert.Empty(config.Connections);
    }
}
