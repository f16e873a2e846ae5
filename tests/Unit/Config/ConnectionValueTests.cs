using System.Net;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class ConnectionValueTests
{
    /// <summary>A conn between two addresses plus the given lines (indented here).</summary>
    private static IpsecConfiguration Conn(params string[] lines) =>
        ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n" + string.Concat(lines.Select(line => "    " + line + "\n")));

    private static string Problem(params string[] lines) => Assert.Single(ConfigFiles.Messages(Conn(lines)));

    private static ConnectionDefinition Good(params string[] lines)
    {
        var config = Conn(lines);
        Assert.Empty(config.Diagnostics);
        return Assert.Single(config.Connections);
    }

    [Theory]
    [InlineData("ikelifetime=8h", 8 * 3600)]
    [InlineData("ikelifetime=1d", 24 * 3600)]
    [InlineData("ikelifetime=3600s", 3600)]
    [InlineData("ikelifetime=3600", 3600)]
    [InlineData("ikelifetime=90m", 90 * 60)]
    public void Lifetimes_take_units_or_plain_seconds(string line, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Good(line).IkeLifetime);
    }

    [Fact]
    public void Conns_with_the_same_proposal_text_on_their_own_lines_share_one_parsed_list()
    {
        var config = ConfigFiles.ReadText(string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"conn c{i}\n    left=192.0.2.1\n    right=192.0.2.{i + 1}\n    ike=aes256-sha2_256;dh19\n")));

        Assert.Empty(config.Diagnostics);
        var first = config.Connections[0].Ike;
        Assert.All(config.Connections, c => Assert.Same(first, c.Ike));
    }

    [Fact]
    public void The_same_bad_proposal_text_on_two_lines_is_an_error_on_each_line()
    {
        var config = ConfigFiles.ReadText("conn c1\n    left=192.0.2.1\n    right=192.0.2.2\n    ike=aes999-sha2\n"
            + "conn c2\n    left=192.0.2.1\n    right=192.0.2.3\n    ike=aes999-sha2\n");

        Assert.Equal([4, 8], config.Diagnostics.Where(d => d.Keyword == "ike").Select(d => d.Line));
    }

    [Fact]
    public void Retransmit_interval_in_plain_numbers_is_milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(750), Good("retransmit-interval=750").RetransmitInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), Good("retransmit-interval=2s").RetransmitInterval);
    }

    [Fact]
    public void Lifetime_above_the_maximum_is_capped_with_a_warning()
    {
        var config = Conn("ipsec-lifetime=2d");

        Assert.Equal(["ipsec.conf:4:20: warning: 'ipsec-lifetime=2d' is longer than the maximum of 1d; 1d is used"], ConfigFiles.Messages(config));
        Assert.Equal(TimeSpan.FromHours(24), Assert.Single(config.Connections).IpsecLifetime);
    }

    [Theory]
    [InlineData("%forever", null)]
    [InlineData("0", null)]
    [InlineData("5", 5u)]
    public void Keyingtries_forever_is_null(string value, uint? tries)
    {
        Assert.Equal(tries, Good("keyingtries=" + value).KeyingTries);
    }

    [Theory]
    [InlineData("add", AutoStart.Add)]
    [InlineData("ondemand", AutoStart.OnDemand)]
    [InlineData("route", AutoStart.OnDemand)]
    [InlineData("start", AutoStart.Start)]
    [InlineData("up", AutoStart.Start)]
    [InlineData("keep", AutoStart.Keep)]
    [InlineData("ignore", AutoStart.Ignore)]
    public void Auto_takes_libreswan_names_and_aliases(string value, AutoStart auto)
    {
        Assert.Equal(auto, Good("auto=" + value).Auto);
    }

    [Theory]
    [InlineData("pass", ConnectionType.Passthrough)]
    [InlineData("drop", ConnectionType.Drop)]
    [InlineData("reject", ConnectionType.Reject)]
    public void Type_takes_shunt_types(string value, ConnectionType type)
    {
        Assert.Equal(type, Good("type=" + value).Type);
    }

    [Theory]
    [InlineData("leftid=@vpn.example.com", IkeIdentityKind.Fqdn, "vpn.example.com")]
    [InlineData("leftid=user@example.com", IkeIdentityKind.UserFqdn, "user@example.com")]
    [InlineData("leftid=@#0A0b", IkeIdentityKind.KeyId, "0a0b")]
    [InlineData("leftid=@[west]", IkeIdentityKind.KeyId, "77657374")]
    [InlineData("leftid=2001:DB8::1", IkeIdentityKind.Ipv6Address, "2001:db8::1")]
    [InlineData("leftid=192.0.2.9", IkeIdentityKind.Ipv4Address, "192.0.2.9")]
    [InlineData("leftid=%fromcert", IkeIdentityKind.FromCertificate, "")]
    [InlineData("leftid=%any", IkeIdentityKind.Any, "")]
    [InlineData("leftid=%null", IkeIdentityKind.Null, "")]
    [InlineData("leftid=%none", IkeIdentityKind.None, "")]
    [InlineData("leftid=vpn.example.com", IkeIdentityKind.HostName, "vpn.example.com")]
    [InlineData("leftid=\"CN=*, O=Example\"", IkeIdentityKind.DistinguishedName, "CN=*, O=Example")]
    public void Ids_take_every_libreswan_form(string line, IkeIdentityKind kind, string value)
    {
        Assert.Equal(new IkeIdentity(kind, value), Good(line).Left.Id);
    }

    [Theory]
    [InlineData("right=%eth0", HostAddressKind.Interface)]
    [InlineData("right=%any6", HostAddressKind.Any)]
    [InlineData("right=gw.example.com", HostAddressKind.HostName)]
    public void Hosts_take_percent_values_and_names(string line, HostAddressKind kind)
    {
        var config = ConfigFiles.ReadText("conn a\n    left=%defaultroute\n    " + line + "\n");

        Assert.Empty(config.Diagnostics);
        Assert.Equal(kind, Assert.Single(config.Connections).Right.Host.Kind);
    }

    [Fact]
    public void Authby_lists_and_sha2_families_expand()
    {
        Assert.Equal([AuthenticationMethod.RsaSha2_256, AuthenticationMethod.RsaSha2_384, AuthenticationMethod.RsaSha2_512, AuthenticationMethod.Ecdsa], Good("authby=rsa-sha2,ecdsa").AuthBy);
        Assert.Equal([AuthenticationMethod.RsaSig, AuthenticationMethod.Ecdsa], Good().AuthBy);
    }

    [Fact]
    public void Updown_disabled_is_null_and_default_is_ipsec_updown()
    {
        Assert.Null(Good("leftupdown=%disabled").Left.Updown);
        Assert.Equal("ipsec _updown", Good().Left.Updown);
    }

    [Fact]
    public void Empty_value_means_the_default()
    {
        Assert.Equal(TimeSpan.FromHours(8), Good("ikelifetime=").IkeLifetime);
    }

    [Theory]
    [InlineData("auto=sometimes", "ipsec.conf:4:10: invalid value 'sometimes' for 'auto': expected one of ignore, add, ondemand, start, keep")]
    [InlineData("auto=strat", "ipsec.conf:4:10: invalid value 'strat' for 'auto': expected one of ignore, add, ondemand, start, keep; did you mean 'start'?")]
    [InlineData("pfs=maybe", "ipsec.conf:4:9: invalid value 'maybe' for 'pfs': expected yes or no")]
    [InlineData("ikelifetime=8x", "ipsec.conf:4:17: invalid value '8x' for 'ikelifetime': expected a duration such as 8h, 1d, 3600s or 3600 (seconds)")]
    [InlineData("leftsubnet=10.0.0.1/24", "ipsec.conf:4:16: invalid value '10.0.0.1/24' for 'leftsubnet': '10.0.0.1/24' has host bits set; did you mean '10.0.0.0/24'?")]
    [InlineData("leftsubnet=10.0.0.0/33", "ipsec.conf:4:16: invalid value '10.0.0.0/33' for 'leftsubnet': '33' is not a prefix length from 0 to 32")]
    [InlineData("leftid=@", "ipsec.conf:4:12: invalid value '@' for 'leftid': '@' must be followed by a name, e.g. @vpn.example.com")]
    [InlineData("leftid=%bogus", "ipsec.conf:4:12: invalid value '%bogus' for 'leftid': '%bogus' is not an identity; the special ones are %fromcert, %any, %none and %null")]
    [InlineData("reqid=20000", "ipsec.conf:4:11: invalid value '20000' for 'reqid': expected a whole number from 1 to 16379")]
    [InlineData("mark=bogus", "ipsec.conf:4:10: invalid value 'bogus' for 'mark': expected value/mask such as 0x10/0xffffffff, or -1 for a unique mark")]
    [InlineData("rightaddresspool=10.0.0.9-10.0.0.1", "ipsec.conf:4:22: invalid value '10.0.0.9-10.0.0.1' for 'rightaddresspool': '10.0.0.9-10.0.0.1' ends before it starts")]
    [InlineData("rekeyfuzz=lots", "ipsec.conf:4:15: invalid value 'lots' for 'rekeyfuzz': expected a percentage such as 100%")]
    [InlineData("keyexchange=ikev1", "ipsec.conf:4:17: 'keyexchange=ikev1' asks for IKEv1, which SwanShell does not support; use keyexchange=ikev2")]
    [InlineData("phase2=ah", "ipsec.conf:4:12: phase2=ah is not supported by SwanShell; use phase2=esp")]
    [InlineData("authby=secret,rsasig", "ipsec.conf:4:12: authby=secret,rsasig: secret, null and never cannot be combined with other methods; use one of them alone, or only signature methods")]
    [InlineData("leftsendcert=sometimes", "ipsec.conf:4:18: invalid value 'sometimes' for 'leftsendcert': expected one of always, sendifasked, never")]
    [InlineData("leftsourceip=10.0.0", "ipsec.conf:4:18: invalid value '10.0.0' for 'leftsourceip': expected an IP address")]
    public void Value_of_the_wrong_kind_is_reported_word_for_word(string line, string message)
    {
        Assert.Equal(message, Problem(line));
    }

    [Fact]
    public void Host_typos_are_caught()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=%defaultrout\n    right=192.168.1.300\n");

        Assert.Equal(
        [
            "ipsec.conf:2:10: invalid value '%defaultrout' for 'left': '%defaultrout' is not a known %-value; did you mean '%defaultroute'?",
            "ipsec.conf:3:11: invalid value '192.168.1.300' for 'right': '192.168.1.300' is not an IP address or DNS name",
        ], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Pfs_no_with_a_group_in_esp_is_refused_as_libreswan_does()
    {
        Assert.Equal("ipsec.conf:5:9: esp= names the key exchange 'modp2048' but pfs=no; remove ';modp2048' from esp= or set pfs=yes", Problem("pfs=no", "esp=aes-sha2;modp2048"));
    }

    [Fact]
    public void Pfs_no_with_an_additional_key_exchange_in_esp_is_refused()
    {
        Assert.Contains("esp= names the key exchange 'ml_kem_768' but pfs=no", Problem("pfs=no", "esp=aes_gcm256;addke1=mlkem768"), StringComparison.Ordinal);
    }

    [Fact]
    public void Leftauth_cannot_be_combined_with_authby()
    {
        Assert.Equal("ipsec.conf:5:5: leftauth= cannot be combined with authby=; remove authby= and set both leftauth= and rightauth=", Problem("authby=rsasig", "leftauth=secret"));
    }

    [Fact]
    public void Mixed_address_families_are_refused()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=2001:db8::2\n");

        Assert.Equal(["ipsec.conf:3:11: conn 'a' mixes IPv4 and IPv6: left is IPv4, right is IPv6; use one address family on both ends (or two conns)"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Opportunistic_hosts_are_not_supported()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=%defaultroute\n    right=%opportunisticgroup\n");

        Assert.Equal(["ipsec.conf:3:11: 'right=%opportunisticgroup' is not supported by SwanShell; give an address, a DNS name, %defaultroute, %any or %<interface>"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Addresspool_takes_a_prefix()
    {
        var pool = Good("rightaddresspool=2001:db8:0:1::/64").Right.AddressPool!;

        Assert.Equal(IPAddress.Parse("2001:db8:0:1::"), pool.First);
        Assert.Equal(IPAddress.Parse("2001:db8:0:1:ffff:ffff:ffff:ffff"), pool.Last);
    }
}
