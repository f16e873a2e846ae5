using System.Net;
using System.Text;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

/// <summary>Real-world shapes, read from the files under Config/Fixtures as an operator would have them in /etc.</summary>
public sealed class FixtureTests
{
    private static IpsecConfiguration Read(string fixture) => IpsecConfReader.Read("/etc/ipsec.conf", ConfigFiles.Fixture(fixture));

    private static string[] Messages(IpsecConfiguration config) => ConfigFiles.Messages(config);

    [Fact]
    public void Host_to_host_psk_loads_and_finds_its_secret()
    {
        var config = Read("host-to-host-psk");
        using var secrets = IpsecSecrets.Read("/etc/ipsec.secrets", ConfigFiles.Fixture("host-to-host-psk"));

        Assert.Empty(config.Diagnostics);
        Assert.Empty(secrets.Diagnostics);
        Assert.Empty(SecretsCheck.Check(config, secrets));
        var conn = Assert.Single(config.Connections);
        Assert.Equal([AuthenticationMethod.Secret], conn.AuthBy);
        Assert.Equal(AuthenticationMethod.Secret, conn.Left.Authentication);
        Assert.Equal(AutoStart.Start, conn.Auto);
        Assert.Equal("/var/log/pluto.log", config.Setup.LogFile);
        var psk = secrets.FindPreSharedKey(conn.Left.Id, conn.Right.Id);
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890", Encoding.UTF8.GetString(psk!.Secret!.Expose()));
    }

    [Fact]
    public void Subnet_to_subnet_with_certificates_loads()
    {
        var config = Read("subnet-to-subnet-certs");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.Equal([IPNetwork.Parse("192.0.1.0/24")], conn.Left.Subnets);
        Assert.Equal("west", conn.Left.Certificate);
        Assert.Equal(IkeIdentityKind.FromCertificate, conn.Left.Id!.Kind);
        Assert.Equal(new IkeIdentity(IkeIdentityKind.DistinguishedName, "C=CA, ST=Ontario, O=Libreswan, CN=east.testing.libreswan.org"), conn.Right.Id);
        Assert.Equal("%same", conn.Right.CertificateAuthority);
        Assert.Equal("%cert", conn.Right.RsaSigKey);
        Assert.Equal("aes_gcm_16_256-sha2_512;dh19+dh20", Assert.Single(conn.Ike).ToString());
        Assert.Equal("aes_gcm_16_256", Assert.Single(conn.Esp).ToString());
    }

    [Fact]
    public void Road_warrior_server_loads_with_warnings_only()
    {
        var config = Read("road-warrior-server");
        Assert.False(config.HasErrors);

        Assert.Equal(
        [
            "ipsec.conf:3:2: warning: 'virtual-private' is not supported by SwanShell; it is ignored",
            "ipsec.conf:21:2: warning: 'dpdaction' is obsolete and ignored; use auto= (after a liveness failure, auto=start and auto=keep revive the connection)",
            "ipsec.conf:23:2: warning: 'ikev2' is deprecated; use keyexchange=ikev2 (or keyexchange=ikev1 for ikev2=no)",
            "ipsec.conf:31:2: warning: 'modecfgdns' is not supported by SwanShell: it belongs to IKEv1 (XAUTH/ModeCfg/aggressive mode), which SwanShell does not speak; it is ignored",
        ], Messages(config));
        var conn = Assert.Single(config.Connections);
        Assert.Equal(HostAddressKind.DefaultRoute, conn.Left.Host.Kind);
        Assert.Equal(HostAddressKind.Any, conn.Right.Host.Kind);
        Assert.Equal(new AddressPool(IPAddress.Parse("192.168.43.10"), IPAddress.Parse("192.168.43.250"), null), conn.Right.AddressPool);
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0")], conn.Left.Subnets);
        Assert.True(conn.Narrowing);
        Assert.True(conn.Mobike);
        Assert.False(conn.Pfs);
        Assert.False(conn.Rekey);
        Assert.Equal(EncapsulationMode.Yes, conn.Encapsulation);
        Assert.Equal(TimeSpan.FromSeconds(30), conn.DpdDelay);
        Assert.Equal(TimeSpan.FromHours(24), conn.IpsecLifetime);
        Assert.Equal(4, conn.Ike.Count);
        Assert.Equal(5, conn.Esp.Count);
        Assert.False(config.Setup.UniqueIds);
    }

    [Fact]
    public void Nat_road_warrior_orients_by_the_default_route()
    {
        var config = Read("nat-road-warrior");
        var host = new FakeLocalAddresses(defaultRoute: "192.1.3.209");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.True(ConnectionOrientation.TryOrient(conn, host, null, out var oriented, out _));
        Assert.Equal(ConnectionSide.Left, oriented!.LocalSide);
        Assert.Equal("@east", oriented.Remote.Id!.ToString());
        Assert.Equal(IPAddress.Parse("192.1.3.209"), ConnectionOrientation.ResolveLocal(oriented.Local.Host, host));
        Assert.Equal(TimeSpan.FromSeconds(30), conn.RetransmitTimeout);
    }

    [Fact]
    public void Ipv6_host_to_host_transport_loads()
    {
        var config = Read("ipv6-host-to-host");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.Equal(IPAddress.Parse("2001:db8:1:2::45"), conn.Left.Host.Address);
        Assert.Equal(ConnectionType.Transport, conn.Type);
        Assert.Equal(new IkeIdentity(IkeIdentityKind.Fqdn, "west"), conn.Left.Id);
    }

    [Fact]
    public void Ondemand_conn_has_its_trap_shunts()
    {
        var conn = Assert.Single(Read("ondemand").Connections);

        Assert.Equal(AutoStart.OnDemand, conn.Auto);
        Assert.Equal(ShuntPolicy.Hold, conn.NegotiationShunt);
        Assert.Equal(ShuntPolicy.Drop, conn.FailureShunt);
    }

    [Fact]
    public void Site_with_includes_defaults_and_also_loads_every_branch()
    {
        var config = Read("site-includes");

        Assert.Empty(config.Diagnostics);
        Assert.Equal(["ipsec.conf", "ipsec.d/base.conf", "ipsec.d/branch1.conf", "ipsec.d/branch2.conf"], config.Files);
        Assert.Equal(["branch1", "branch2"], config.Connections.Select(c => c.Name));
        var branch2 = config.Connections[1];
        Assert.Equal("203.0.113.1", branch2.Left.Host.ToString());
        Assert.Equal(new HostAddress(HostAddressKind.HostName, Name: "branch2.example.net"), branch2.Right.Host);
        Assert.Equal(TimeSpan.FromHours(3), branch2.IkeLifetime);
        Assert.Equal(TimeSpan.FromHours(1), config.Connections[0].IkeLifetime);
        Assert.Null(branch2.KeyingTries);
        Assert.Equal(new SourceLocation("ipsec.d/branch2.conf", 1, 1), branch2.Location);
    }

    [Fact]
    public void Broken_file_reports_every_problem_precisely()
    {
        var config = Read("broken");

        Assert.Equal(
        [
            "ipsec.conf:2:2: warning: 'plutodebug' is not supported by SwanShell: the daemon logs at one level (SA state changes, kernel changes and failures, each with its connection and SA serial); to see the lines of one operation, run its cmdlet with -Verbose (ipsec auto --verbose); it is ignored",
            "ipsec.conf:6:2: 'leftsubnets' is not supported by SwanShell: SwanShell does not expand subnets= into one conn per pair; list the selectors in subnet=a,b or write one conn per pair",
            "ipsec.conf:8:9: invalid value 'secrte' for 'authby': expected secret, rsasig, rsa-sha2, ecdsa, null or never (comma-separated); did you mean 'secret'?",
            "ipsec.conf:9:14: the value of 'ikelifetime' contains blanks; put it in double quotes: ikelifetime=\"eight hours\"",
            "ipsec.conf:10:22: 'modp1024' is too weak; SwanShell does not offer it",
            "ipsec.conf:13:1: conn 'orphan' has no right=; say where each end is: an IP address, a DNS name, %defaultroute or %any",
            "ipsec.conf:14:7: also=west-eest names no conn section; did you mean 'also=west-east'?",
        ], Messages(config));
        Assert.True(config.HasErrors);
        Assert.Empty(config.Connections);
    }

    [Fact]
    public void Every_setup_keyword_is_typed()
    {
        var setup = Read("every-keyword").Setup;

        Assert.Equal(
            new SetupDefinition
            {
                LogFile = "/var/log/swanshell.log",
                LogFileLocation = new SourceLocation("ipsec.conf", 3, 10),
                LogAppend = false,
                LogTime = false,
                LogIp = false,
                UniqueIds = false,
                Listen = IPAddress.Parse("192.0.2.1"),
                ListenUdp = true,
                ListenTcp = true,
                KeepAlive = TimeSpan.FromSeconds(30),
                Helpers = 2,
                ShuntLifetime = TimeSpan.FromMinutes(5),
                DdosMode = "busy",
                DdosIkeThreshold = 1000,
                MaxHalfOpenIke = 2000,
                SecretsFile = "/etc/swanshell/ipsec.secrets",
                IpsecDirectory = "/etc/swanshell/ipsec.d",
                NssDirectory = "/etc/swanshell/certs",
                VendorId = "SwanShell",
                NflogAll = 7,
            },
            setup);
    }

    [Fact]
    public void Every_conn_keyword_is_typed()
    {
        var config = Read("every-keyword");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        var left = conn.Left;
        Assert.Equal(new IkeIdentity(IkeIdentityKind.Fqdn, "left.example"), left.Id);
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.3.0.0/16")], left.Subnets);
        Assert.Equal(IPAddress.Parse("10.1.0.1"), left.SourceIp);
        Assert.Equal(IPAddress.Parse("192.0.2.254"), left.NextHop!.Address);
        Assert.Equal((ushort)5000, left.IkePort);
        Assert.Equal("/usr/local/bin/updown", left.Updown);
        Assert.Equal("left-cert", left.Certificate);
        Assert.Equal("C=CH, O=Example CA", left.CertificateAuthority);
        Assert.Equal(SendCertificatePolicy.IfAsked, left.SendCertificate);
        Assert.Equal(AuthenticationMethod.Ecdsa, left.Authentication);
        Assert.Equal("%cert", left.EcdsaKey);
        Assert.Equal("0a1b2c3d", left.Ckaid);
        var right = conn.Right;
        Assert.Equal(new IkeIdentity(IkeIdentityKind.KeyId, "0123abcd"), right.Id);
        Assert.Null(right.Updown);
        Assert.Equal(SendCertificatePolicy.Never, right.SendCertificate);
        Assert.Equal(AuthenticationMethod.Secret, right.Authentication);
        Assert.Equal("0sAwEAAQ", right.RsaSigKey);
        Assert.Equal("0sAwEAAg", right.PublicKey);
        Assert.Equal("10.2.0.0/24", right.AddressPool!.ToString());
        Assert.Equal(AutoStart.Keep, conn.Auto);
        Assert.Equal(ConnectionType.Transport, conn.Type);
        Assert.Equal("aes_gcm_16_256-sha2_384;dh20;addke1=ml_kem_1024", Assert.Single(conn.Ike).ToString());
        Assert.Equal("aes_cbc_256-sha2_512_256;dh21", Assert.Single(conn.Esp).ToString());
        Assert.True(conn.Pfs);
        Assert.Equal(TimeSpan.FromHours(2), conn.IkeLifetime);
        Assert.Equal(TimeSpan.FromMinutes(30), conn.IpsecLifetime);
        Assert.Equal(1000000UL, conn.IpsecMaxBytes);
        Assert.Equal(5000UL, conn.IpsecMaxPackets);
        Assert.False(conn.Rekey);
        Assert.Equal(TimeSpan.FromMinutes(1), conn.RekeyMargin);
        Assert.Equal(50U, conn.RekeyFuzzPercent);
        Assert.Equal(3U, conn.KeyingTries);
        Assert.Equal(TimeSpan.FromSeconds(15), conn.DpdDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), conn.DpdTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), conn.RetransmitTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), conn.RetransmitInterval);
        Assert.Equal(EncapsulationMode.Yes, conn.Encapsulation);
        Assert.False(conn.NatKeepalive);
        Assert.Equal(FragmentationPolicy.Force, conn.Fragmentation);
        Assert.True(conn.Mobike);
        Assert.True(conn.Narrowing);
        Assert.True(conn.Sha2Truncbug);
        Assert.Equal(EsnPolicy.Yes, conn.Esn);
        Assert.Equal(64U, conn.ReplayWindow);
        Assert.Equal(new XfrmMark(0x10, 0xff, false), conn.Mark);
        Assert.Equal(new XfrmMark(0, uint.MaxValue, true), conn.MarkIn);
        Assert.Equal(new XfrmMark(7, uint.MaxValue, false), conn.MarkOut);
        Assert.Equal((ushort)12, conn.NflogGroup);
        Assert.Equal(100U, conn.Reqid);
        Assert.Equal(2000U, conn.Priority);
        Assert.Equal(ShuntPolicy.Passthrough, conn.FailureShunt);
        Assert.Equal(ShuntPolicy.Passthrough, conn.NegotiationShunt);
        Assert.Equal(["alias-one", "alias-two"], conn.Aliases);
    }

    [Fact]
    public void Every_supported_keyword_appears_in_a_fixture()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Config", "Fixtures");
        var written = Directory.EnumerateFiles(fixtures, "*.conf", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).Select(line => line.Trim().Split('=')[0]).ToHashSet(StringComparer.Ordinal);

        var missing = KeywordTable.All(KeywordSection.Setup).Concat(KeywordTable.All(KeywordSection.Conn))
            .Where(k => k.Status is KeywordStatus.Supported && k.AliasOf is null && k.Name != "also" && k.Name != "phase2")
            .Select(k => k.PerEnd ? "left" + k.Name : k.Name)
            .Where(name => !written.Contains(name) && !written.Contains("right" + name[Math.Min(4, name.Length)..]))
            .ToList();

        Assert.Equal(string.Empty, string.Join(", ", missing));
    }
}
