using SwanShell.Engine.Config;
using SwanShell.Engine.Nflog;
using SwanShell.UnitTests.Config;

namespace SwanShell.UnitTests.Nflog;

/// <summary>ipsec checknflog's rules, generated from ipsec.conf, checked word for word.</summary>
public sealed class NflogPlannerTests
{
    private const string Conf = """
        config setup
            nflog-all=50

        conn westnet-eastnet
            left=192.1.2.45
            leftsubnet=192.0.1.0/24
            right=192.1.2.23
            rightsubnet=192.0.2.0/24
            nflog-group=7

        conn west-east
            left=192.1.2.45
            right=192.1.2.23
            nflog=8

        conn v6
            left=2001:db8:0:1::45
            leftsubnet=2001:db8:1::/48
            right=2001:db8:0:1::23
            rightsubnet=2001:db8:2::/48
            nflog-group=9

        conn roadwarriors
            left=192.1.2.45
            leftsubnet=192.0.1.0/24
            right=%any
            nflog-group=10

        conn quiet
            left=192.1.2.45
            right=192.1.2.99

        """;

    private static readonly FakeLocalAddresses West = new(null, "192.1.2.45", "2001:db8:0:1::45");

    [Fact]
    public void Ruleset_ForNflogAllAndConns_IsExactlyThis()
    {
        var warnings = new List<string>();

        var ruleset = NflogPlanner.Plan(ConfigFiles.ReadText(Conf), West, warnings);

        Assert.Empty(warnings);
        Assert.Equal(
            """
            table inet swanshell_nflog {
            	chain input {
            		type filter hook input priority filter; policy accept;
            		meta ipsec exists log prefix "all-ipsec-input" group 50
            		meta ipsec exists ip saddr 192.0.2.0/24 ip daddr 192.0.1.0/24 log prefix "westnet-eastnet" group 7
            		meta ipsec exists ip saddr 192.1.2.23 ip daddr 192.1.2.45 log prefix "west-east" group 8
            		meta ipsec exists ip6 saddr 2001:db8:2::/48 ip6 daddr 2001:db8:1::/48 log prefix "v6" group 9
            		meta ipsec exists ip daddr 192.0.1.0/24 log prefix "roadwarriors" group 10
            	}

            	chain forward {
            		type filter hook forward priority filter; policy accept;
            		meta ipsec exists log prefix "all-ipsec-input" group 50
            		rt ipsec exists log prefix "all-ipsec-output" group 50
            		meta ipsec exists ip saddr 192.0.2.0/24 ip daddr 192.0.1.0/24 log prefix "westnet-eastnet" group 7
            		rt ipsec exists ip saddr 192.0.1.0/24 ip daddr 192.0.2.0/24 log prefix "westnet-eastnet" group 7
            		meta ipsec exists ip6 saddr 2001:db8:2::/48 ip6 daddr 2001:db8:1::/48 log prefix "v6" group 9
            		rt ipsec exists ip6 saddr 2001:db8:1::/48 ip6 daddr 2001:db8:2::/48 log prefix "v6" group 9
            		meta ipsec exists ip daddr 192.0.1.0/24 log prefix "roadwarriors" group 10
            		rt ipsec exists ip saddr 192.0.1.0/24 log prefix "roadwarriors" group 10
            	}

            	chain output {
            		type filter hook output priority filter; policy accept;
            		rt ipsec exists log prefix "all-ipsec-output" group 50
            		rt ipsec exists ip saddr 192.0.1.0/24 ip daddr 192.0.2.0/24 log prefix "westnet-eastnet" group 7
            		rt ipsec exists ip saddr 192.1.2.45 ip daddr 192.1.2.23 log prefix "west-east" group 8
            		rt ipsec exists ip6 saddr 2001:db8:1::/48 ip6 daddr 2001:db8:2::/48 log prefix "v6" group 9
            		rt ipsec exists ip saddr 192.0.1.0/24 log prefix "roadwarriors" group 10
            	}
            }

            """,
            ruleset.Render());
    }

    [Fact]
    public void OrientedAsTheRightEnd_TheDirectionsTurnAround()
    {
        var east = new FakeLocalAddresses(null, "192.1.2.23");
        var config = ConfigFiles.ReadText("conn westnet-eastnet\n    left=192.1.2.45\n    leftsubnet=192.0.1.0/24\n    right=192.1.2.23\n    rightsubnet=192.0.2.0/24\n    nflog-group=7\n");

        var rules = NflogPlanner.Plan(config, east, new List<string>()).Rules;

        Assert.Equal(
            [
                "meta ipsec exists ip saddr 192.0.1.0/24 ip daddr 192.0.2.0/24 log prefix \"westnet-eastnet\" group 7",
                "meta ipsec exists ip saddr 192.0.1.0/24 ip daddr 192.0.2.0/24 log prefix \"westnet-eastnet\" group 7",
                "rt ipsec exists ip saddr 192.0.2.0/24 ip daddr 192.0.1.0/24 log prefix \"westnet-eastnet\" group 7",
                "rt ipsec exists ip saddr 192.0.2.0/24 ip daddr 192.0.1.0/24 log prefix \"westnet-eastnet\" group 7",
            ],
            rules.Select(r => r.Render()));
        Assert.Equal([NflogChain.Input, NflogChain.Forward, NflogChain.Forward, NflogChain.Output], rules.Select(r => r.Chain));
    }

    [Fact]
    public void AConnThatIsNotThisHosts_GetsNoRules_AndAWarning()
    {
        var warnings = new List<string>();
        var config = ConfigFiles.ReadText("conn elsewhere\n    left=198.51.100.1\n    right=198.51.100.2\n    nflog-group=3\n");

        var ruleset = NflogPlanner.Plan(config, West, warnings);

        Assert.True(ruleset.IsEmpty);
        Assert.StartsWith("conn elsewhere: no nflog rules, because neither end", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void NflogAllZero_AndNoGroups_MeanNoRules()
    {
        var config = ConfigFiles.ReadText("config setup\n    nflog-all=0\n\nconn quiet\n    left=192.1.2.45\n    right=192.1.2.23\n");

        Assert.Null(config.Setup.NflogAll);
        Assert.Empty(config.Diagnostics);
        Assert.True(NflogPlanner.Plan(config, West, new List<string>()).IsEmpty);
    }

    [Fact]
    public void ApplyScript_ReplacesOnlyOurTable_InOneTransaction()
    {
        var ruleset = NflogPlanner.Plan(50, []);

        Assert.StartsWith("table inet swanshell_nflog\ndelete table inet swanshell_nflog\ntable inet swanshell_nflog {\n", ruleset.ApplyScript(), StringComparison.Ordinal);
        Assert.Equal("table inet swanshell_nflog\ndelete table inet swanshell_nflog\n", NflogRuleset.RemoveScript);
    }

    [Theory]
    [InlineData("west-east", "west-east")]
    [InlineData("a\"b c", "a_b_c")]
    public void Prefix_IsTheConnName_KeptInsideItsQuotes(string name, string prefix)
    {
        Assert.Equal(prefix, new NflogRule(name, 1, NflogChain.Input, NflogDirection.Inbound, null, null).Prefix);
    }
}
