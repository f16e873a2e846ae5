using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class IpsecConfParserTests
{
    [Fact]
    public void Host_to_host_conn_is_read_with_its_ends()
    {
        var config = ConfigFiles.ReadText("""
            version 2

            config setup
                uniqueids=no

            # a comment in column 1
            conn west-east
                left=192.0.2.1   # trailing comment
                right=192.0.2.2
                auto=start
            """);

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.Equal("west-east", conn.Name);
        Assert.Equal("192.0.2.1", conn.Left.Host.ToString());
        Assert.Equal("192.0.2.2", conn.Right.Host.ToString());
        Assert.Equal(AutoStart.Start, conn.Auto);
        Assert.False(config.Setup.UniqueIds);
        Assert.Equal(new SourceLocation("ipsec.conf", 7, 1), conn.Location);
    }

    [Fact]
    public void Unknown_keyword_suggests_the_closest_one()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftsubent=10.0.0.0/8\n");

        Assert.Equal(["ipsec.conf:4:5: unknown keyword 'leftsubent'; did you mean 'leftsubnet'?"], ConfigFiles.Messages(config));
        Assert.Empty(config.Connections);
    }

    [Fact]
    public void Unknown_keyword_prefers_a_supported_keyword_over_an_unsupported_one_as_close()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftsubnetz=10.0.0.0/8\n");

        Assert.Equal(["ipsec.conf:4:5: unknown keyword 'leftsubnetz'; did you mean 'leftsubnet'?"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Unknown_keyword_far_from_any_other_gets_no_suggestion()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    frobnicate=yes\n");

        Assert.Equal(["ipsec.conf:4:5: unknown keyword 'frobnicate'"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Per_end_keyword_without_left_or_right_is_rejected_with_both_spellings()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    subnet=10.0.0.0/8\n");

        Assert.Equal(["ipsec.conf:4:5: 'subnet' belongs to one end of the connection; write 'leftsubnet' or 'rightsubnet'"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Setup_keyword_in_a_conn_says_where_it_belongs()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    uniqueids=yes\n");

        Assert.Equal(["ipsec.conf:4:5: 'uniqueids' is not valid in a conn; it belongs in config setup"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Unsupported_keyword_says_so_and_is_ignored()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    modecfgdns=10.0.0.1\n");

        Assert.Equal(
            ["ipsec.conf:4:5: warning: 'modecfgdns' is not supported by SwanShell: it belongs to IKEv1 (XAUTH/ModeCfg/aggressive mode), which SwanShell does not speak; it is ignored"],
            ConfigFiles.Messages(config));
        Assert.Single(config.Connections);
    }

    [Fact]
    public void Brace_list_value_is_read_whole_so_subnets_gets_its_own_message()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftsubnets={10.0.1.0/24 10.0.2.0/24} # two\n");

        Assert.Equal(
            ["ipsec.conf:4:5: 'leftsubnets' is not supported by SwanShell: SwanShell does not expand subnets= into one conn per pair; list the selectors in subnet=a,b or write one conn per pair"],
            ConfigFiles.Messages(config));
    }

    [Fact]
    public void Unsupported_keyword_that_would_change_protected_traffic_is_an_error()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftprotoport=17/1701\n");

        var diagnostic = Assert.Single(config.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("leftprotoport", diagnostic.Keyword);
        Assert.Equal("'leftprotoport' is not supported by SwanShell: SwanShell cannot restrict a conn to a protocol or port yet, so it would protect more traffic than asked", diagnostic.Message);
    }

    [Theory]
    [InlineData("config setup\n    interfaces=%defaultroute\n", "ipsec.conf:2:5: warning: 'interfaces' is obsolete and ignored; use listen= (XFRM needs no interface list; SwanShell listens on every address unless listen= names one)")]
    [InlineData("conn %default\n    dpdaction=restart\n", "ipsec.conf:2:5: warning: 'dpdaction' is obsolete and ignored; use auto= (after a liveness failure, auto=start and auto=keep revive the connection)")]
    [InlineData("conn %default\n    forceencaps=yes\n", "ipsec.conf:2:5: warning: 'forceencaps' is obsolete and ignored; use encapsulation=yes")]
    public void Obsolete_keyword_warns_and_names_its_replacement(string text, string message)
    {
        Assert.Equal([message], ConfigFiles.Messages(ConfigFiles.ReadText(text)));
    }

    [Fact]
    public void Aliases_are_read_as_the_keyword_they_stand_for()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    salifetime=1h\n    phase2alg=aes_gcm256\n    nflog=5\n");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.Equal(TimeSpan.FromHours(1), conn.IpsecLifetime);
        Assert.Equal("aes_gcm_16_256", Assert.Single(conn.Esp).ToString());
        Assert.Equal((ushort)5, conn.NflogGroup);
    }

    [Fact]
    public void Deprecated_ikev2_is_read_with_a_warning_naming_keyexchange()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    ikev2=insist\n");

        Assert.Equal(["ipsec.conf:4:5: warning: 'ikev2' is deprecated; use keyexchange=ikev2 (or keyexchange=ikev1 for ikev2=no)"], ConfigFiles.Messages(config));
        Assert.Equal(IkeVersion.Ikev2, Assert.Single(config.Connections).KeyExchange);
    }

    [Fact]
    public void Extension_keys_are_ignored()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    x-owner=ops\n    X-Ticket=42\n");

        Assert.Empty(config.Diagnostics);
    }

    [Fact]
    public void Value_with_blanks_must_be_quoted()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftid=C=CH, O=Example, CN=west\n");

        Assert.Equal(["ipsec.conf:4:12: the value of 'leftid' contains blanks; put it in double quotes: leftid=\"C=CH, O=Example, CN=west\""], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Quoted_value_keeps_blanks_and_hash()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftid=\"C=CH, O=Example #1, CN=west\" # comment\n    rightid=@#0a1b\n");

        Assert.Empty(config.Diagnostics);
        var conn = Assert.Single(config.Connections);
        Assert.Equal(new IkeIdentity(IkeIdentityKind.DistinguishedName, "C=CH, O=Example #1, CN=west"), conn.Left.Id);
        Assert.Equal(new IkeIdentity(IkeIdentityKind.KeyId, "0a1b"), conn.Right.Id);
    }

    [Fact]
    public void Setting_in_column_one_must_be_indented()
    {
        var config = ConfigFiles.ReadText("conn a\nleft=192.0.2.1\n    right=192.0.2.2\n");

        Assert.Contains("ipsec.conf:2:1: 'left=' must be indented under a 'conn' or 'config setup' line", ConfigFiles.Messages(config));
    }

    [Theory]
    [InlineData("conn a\n    just some words\n", "ipsec.conf:2:5: unexpected 'just some words': expected 'keyword=value'")]
    [InlineData("conn\n", "ipsec.conf:1:1: conn needs a name")]
    [InlineData("conn a b\n", "ipsec.conf:1:8: 'conn' takes one argument; unexpected 'b'")]
    [InlineData("conn 1st\n", "ipsec.conf:1:6: invalid conn name '1st'; a conn name starts with a letter and has only letters, digits, '.', '_' and '-'")]
    [InlineData("config setpu\n", "ipsec.conf:1:8: unknown section 'config setpu'; the only config section is 'config setup'")]
    [InlineData("version 3\n", "ipsec.conf:1:9: unknown version '3'; write 'version 2'")]
    [InlineData("hello world\n", "ipsec.conf:1:1: unexpected 'hello world': a line in column 1 must be 'conn <name>', 'config setup', 'include <file>' or 'version 2'; settings must be indented")]
    [InlineData("    left=192.0.2.1\n", "ipsec.conf:1:5: 'left=' is not inside a section; put it under a 'conn <name>' or 'config setup' line")]
    [InlineData("conn a\n    leftid=\"unterminated\n", "ipsec.conf:2:12: the value of 'leftid' has no closing '\"'")]
    [InlineData("conn a\n    leftid=\"x\" y\n", "ipsec.conf:2:16: unexpected text after the quoted value of 'leftid'")]
    [InlineData("conn a\n    leftsubnets={10.0.1.0/24 10.0.2.0/24\n", "ipsec.conf:2:17: the value of 'leftsubnets' has no closing '}'")]
    public void Malformed_lines_are_reported_where_they_go_wrong(string text, string message)
    {
        Assert.Equal(message, ConfigFiles.Messages(ConfigFiles.ReadText(text))[0]);
    }

    [Fact]
    public void Several_problems_are_reported_at_once()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftsubent=10.0.0.0/8\n    auto=sometimes\n    pfs=maybe\n");

        Assert.Equal(
        [
            "ipsec.conf:4:5: unknown keyword 'leftsubent'; did you mean 'leftsubnet'?",
            "ipsec.conf:5:10: invalid value 'sometimes' for 'auto': expected one of ignore, add, ondemand, start, keep",
            "ipsec.conf:6:9: invalid value 'maybe' for 'pfs': expected yes or no",
        ], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Duplicate_key_in_one_conn_warns_and_the_later_wins()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    auto=add\n    auto=start\n");

        Assert.Equal(["ipsec.conf:5:5: warning: 'auto' is already set in conn a at ipsec.conf:4:5; this later value is used"], ConfigFiles.Messages(config));
        Assert.Equal(AutoStart.Start, Assert.Single(config.Connections).Auto);
    }

    [Fact]
    public void Conn_defined_twice_is_an_error()
    {
        var config = ConfigFiles.ReadText("conn a\n    left=192.0.2.1\n    right=192.0.2.2\nconn a\n    left=192.0.2.3\n    right=192.0.2.4\n");

        Assert.Equal(["ipsec.conf:4:6: conn 'a' is already defined at ipsec.conf:1:1; give one of them another name"], ConfigFiles.Messages(config));
    }

    [Fact]
    public void Missing_config_file_is_reported_not_thrown()
    {
        using var files = new ConfigFiles();

        Assert.Equal(["ipsec.conf: cannot read 'ipsec.conf': no such file"], ConfigFiles.Messages(files.Read()));
    }
}
