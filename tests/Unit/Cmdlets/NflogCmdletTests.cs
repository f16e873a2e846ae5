using System.Management.Automation;
using SwanShell.Engine.Nflog;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.Nflog;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec checknflog / stopnflog as Enable-/Disable-IpsecNflog, with nft running in a private network namespace.</summary>
public sealed class NflogCmdletTests : IDisposable
{
    // 127.0.0.1 is always this host's, so the conn orients with left as the local end.
    private const string Conf = """
        config setup
            nflog-all=50

        conn loopnet
            left=127.0.0.1
            leftsubnet=10.1.0.0/16
            right=198.51.100.77
            rightsubnet=10.2.0.0/16
            nflog-group=7

        """;

    private const string Expected = """
        table inet swanshell_nflog {
        	chain input {
        		type filter hook input priority filter; policy accept;
        		meta ipsec exists log prefix "all-ipsec-input" group 50
        		meta ipsec exists ip saddr 10.2.0.0/16 ip daddr 10.1.0.0/16 log prefix "loopnet" group 7
        	}

        	chain forward {
        		type filter hook forward priority filter; policy accept;
        		meta ipsec exists log prefix "all-ipsec-input" group 50
        		rt ipsec exists log prefix "all-ipsec-output" group 50
        		meta ipsec exists ip saddr 10.2.0.0/16 ip daddr 10.1.0.0/16 log prefix "loopnet" group 7
        		rt ipsec exists ip saddr 10.1.0.0/16 ip daddr 10.2.0.0/16 log prefix "loopnet" group 7
        	}

        	chain output {
        		type filter hook output priority filter; policy accept;
        		rt ipsec exists log prefix "all-ipsec-output" group 50
        		rt ipsec exists ip saddr 10.1.0.0/16 ip daddr 10.2.0.0/16 log prefix "loopnet" group 7
        	}
        }

        """;

    private readonly NetworkNamespace _namespace = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell();
    private readonly string _config;

    public NflogCmdletTests()
    {
        _config = Path.Combine(Directory.CreateTempSubdirectory("swanshell-nflog-").FullName, "ipsec.conf");
        File.WriteAllText(_config, Conf);
    }

    public void Dispose()
    {
        _shell.Dispose();
        _namespace.Dispose();
        Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);
    }

    private string In => $"-NetworkNamespace {_namespace.Name}";

    [Fact]
    public void Enable_LoadsTheRulesOfTheConfig_AndDisableRemovesThem()
    {
        var rules = _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In} -PassThru");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(Expected, _namespace.Ruleset());
        Assert.Equal(8, rules.Count);
        var first = rules.Select(r => (IpsecNflogRule)r.BaseObject).First(r => r.Connection is not null);
        Assert.Equal(("loopnet", (ushort)7, NflogChain.Input, "10.2.0.0/16", "10.1.0.0/16"), (first.Connection, first.Group, first.Chain, first.Source, first.Destination));

        _shell.Run($"Disable-IpsecNflog {In}");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(string.Empty, _namespace.Ruleset());
    }

    [Fact]
    public void Enable_PassThru_RendersTheTableView()
    {
        var text = _shell.Render($"Enable-IpsecNflog -Config '{_config}' {In} -PassThru");

        Assert.Matches(@"Connection\s+Group\s+Chain\s+Source\s+Destination", text);
        Assert.Matches(@"\(nflog-all\)\s+50\s+Input\s+any\s+any", text);
        Assert.Matches(@"loopnet\s+7\s+Forward\s+10\.1\.0\.0/16\s+10\.2\.0\.0/16", text);
    }

    [Fact]
    public void Enable_WhatIf_ShowsTheExactRuleset_AndLoadsNothing()
    {
        _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In} -WhatIf");

        Assert.Contains($"What if: Replace the nftables table 'table inet swanshell_nflog' (ip netns exec {_namespace.Name} nft -f -) with:", _shell.Text, StringComparison.Ordinal);
        Assert.Contains(Expected.ReplaceLineEndings(Environment.NewLine).TrimEnd(), _shell.Text.ReplaceLineEndings(Environment.NewLine), StringComparison.Ordinal);
        Assert.Equal(string.Empty, _namespace.Ruleset());
    }

    [Fact]
    public void Disable_LeavesOtherTablesAlone_AndWithoutOurTableDoesNothing()
    {
        _namespace.Load("table inet other {\n}\n");
        _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In}");

        _shell.Run($"Disable-IpsecNflog {In}");
        _shell.Run($"Disable-IpsecNflog {In} -Verbose");

        Assert.Empty(_shell.Streams.Error);
        Assert.Contains("nothing to remove", Assert.Single(_shell.Streams.Verbose).Message, StringComparison.Ordinal);
        Assert.Equal("table inet other {\n}\n", _namespace.Ruleset());
    }

    [Fact]
    public void Disable_WhatIf_NamesTheTableAndItsRules_AndKeepsThem()
    {
        _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In}");

        _shell.Run($"Disable-IpsecNflog {In} -WhatIf");

        Assert.Contains("What if: Delete the nftables table 'table inet swanshell_nflog' and its 8 rule(s)", _shell.Text, StringComparison.Ordinal);
        Assert.Equal(Expected, _namespace.Ruleset());
    }

    [Fact]
    public void Enable_WithNothingToLog_Warns_AndRemovesAnOldTable()
    {
        _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In}");
        File.WriteAllText(_config, "conn quiet\n    left=127.0.0.1\n    right=198.51.100.77\n");

        _shell.Run($"Enable-IpsecNflog -Config '{_config}' {In}");

        Assert.Contains("there is nothing to log", Assert.Single(_shell.Streams.Warning).Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _namespace.Ruleset());
    }

    [Fact]
    public void Enable_OfAMissingConfig_IsConfigNotFound()
    {
        _shell.Run($"Enable-IpsecNflog -Config '{_config}.missing' {In}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConfigNotFound,SwanShell.Commands.EnableIpsecNflogCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Enable_InANamespaceThatDoesNotExist_IsNftFailed()
    {
        _shell.Run($"Enable-IpsecNflog -Config '{_config}' -NetworkNamespace swanshell-no-such-ns");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("NftFailed,SwanShell.Commands.EnableIpsecNflogCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
    }
}
