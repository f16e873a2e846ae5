using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class IncludeTests
{
    private static string Conn(string name, int right) => $"conn {name}\n    left=192.0.2.1\n    right=192.0.2.{right}\n";

    [Fact]
    public void Relative_glob_include_reads_matching_files_in_sorted_order()
    {
        using var files = new ConfigFiles(
            ("/etc/ipsec.conf", "config setup\n    uniqueids=yes\ninclude ipsec.d/*.conf\n"),
            ("/etc/ipsec.d/b.conf", Conn("b", 2)),
            ("/etc/ipsec.d/a.conf", Conn("a", 3)),
            ("/etc/ipsec.d/.hidden.conf", Conn("hidden", 4)),
            ("/etc/ipsec.d/c.secrets", "not a conf"));

        var config = files.Read();

        Assert.Empty(config.Diagnostics);
        Assert.Equal(["a", "b"], config.Connections.Select(c => c.Name));
        Assert.Equal(["ipsec.conf", "ipsec.d/a.conf", "ipsec.d/b.conf"], config.Files);
    }

    [Fact]
    public void Absolute_include_is_resolved_under_the_root()
    {
        using var files = new ConfigFiles(
            ("/etc/ipsec.conf", "include /etc/ipsec.d/*.conf\n"),
            ("/etc/ipsec.d/a.conf", Conn("a", 2)));

        Assert.Equal("a", Assert.Single(files.Read().Connections).Name);
    }

    [Fact]
    public void Nested_include_is_relative_to_the_including_file()
    {
        using var files = new ConfigFiles(
            ("/etc/ipsec.conf", "include ipsec.d/site.conf\n"),
            ("/etc/ipsec.d/site.conf", "include conns/*.conf\n"),
            ("/etc/ipsec.d/conns/a.conf", Conn("a", 2)));

        var config = files.Read();

        Assert.Empty(config.Diagnostics);
        Assert.Equal("a", Assert.Single(config.Connections).Name);
    }

    [Fact]
    public void Included_settings_continue_the_open_section_as_in_libreswan()
    {
        using var files = new ConfigFiles(
            ("/etc/ipsec.conf", "conn a\n    left=192.0.2.1\n    include a-right.conf\n"),
            ("/etc/a-right.conf", "    right=192.0.2.2\n"));

        var conn = Assert.Single(files.Read().Connections);

        Assert.Equal("192.0.2.2", conn.Right.Host.ToString());
    }

    [Fact]
    public void Include_cycle_is_reported_with_both_files()
    {
        using var files = new ConfigFiles(
            ("/etc/ipsec.conf", "include ipsec.d/a.conf\n"),
            ("/etc/ipsec.d/a.conf", "include ../ipsec.conf\n" + Conn("a", 2)));

        var config = files.Read();

        Assert.Equal(["ipsec.d/a.conf:1:1: include cycle: 'ipsec.conf' -> 'ipsec.d/a.conf' -> 'ipsec.conf'; remove one of these include lines"], ConfigFiles.Messages(config));
        Assert.Equal("a", Assert.Single(config.Connections).Name);
    }

    [Fact]
    public void File_including_itself_is_a_cycle()
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", "include *.conf\n"));

        Assert.Equal(["ipsec.conf:1:1: include cycle: 'ipsec.conf' -> 'ipsec.conf'; remove one of these include lines"], ConfigFiles.Messages(files.Read()));
    }

    [Fact]
    public void Missing_include_file_is_an_error_but_an_empty_glob_is_not()
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", "include ipsec.d/*.conf\ninclude site.conf\n"));

        Assert.Equal(["ipsec.conf:2:1: cannot read 'site.conf': no such file"], ConfigFiles.Messages(files.Read()));
    }

    [Fact]
    public void Include_with_braces_is_refused_as_libreswan_5_does()
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", "include {a,b}.conf\n"));

        Assert.Equal(["ipsec.conf:1:1: include '{a,b}.conf': braces are not supported since libreswan 5.0; write one include line per file, or use a glob such as *.conf"], ConfigFiles.Messages(files.Read()));
    }

    [Fact]
    public void Include_never_leaves_the_root()
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", "include ../../../../../../etc/passwd\n"));

        Assert.Equal(["ipsec.conf:1:1: cannot read 'passwd': no such file"], ConfigFiles.Messages(files.Read()));
    }

    [Fact]
    public void Runaway_nesting_stops_at_ten_files()
    {
        using var files = new ConfigFiles();
        for (var i = 0; i < 12; i++)
        {
            files.Write($"/etc/{i}.conf", $"include {i + 1}.conf\n");
        }

        var message = Assert.Single(ConfigFiles.Messages(files.Read("/etc/0.conf")));

        Assert.Equal("9.conf:1:1: includes nest deeper than 10 files at '10.conf'", message);
    }

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", ".a.conf", false)]
    [InlineData("?.conf", "ab.conf", false)]
    [InlineData("[ab].conf", "b.conf", true)]
    [InlineData("[!ab].conf", "b.conf", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[unterminated", "[unterminated", true)]
    public void Glob_matches_as_the_shell_does(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, GlobPattern.IsMatch(pattern, name));
    }
}
