using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class ConfigFileSystemTests
{
    [Theory]
    [InlineData("/etc", "ipsec.d/a.conf", "/etc/ipsec.d/a.conf")]
    [InlineData("/etc/ipsec.d", "../ipsec.conf", "/etc/ipsec.conf")]
    [InlineData("/etc", "/var/lib/x.conf", "/var/lib/x.conf")]
    [InlineData("/etc", "../../../../x", "/x")]
    [InlineData("/", "./a//b/./c", "/a/b/c")]
    public void Combine_resolves_relative_names_and_never_climbs_above_the_root(string directory, string path, string combined)
    {
        Assert.Equal(combined, ConfigFileSystem.Combine(directory, path));
    }

    [Theory]
    [InlineData("/etc/ipsec.conf", "/etc")]
    [InlineData("/ipsec.conf", "/")]
    public void DirectoryOf_is_the_including_directory(string path, string directory)
    {
        Assert.Equal(directory, ConfigFileSystem.DirectoryOf(path));
    }

    [Fact]
    public void Paths_are_read_under_the_root()
    {
        using var files = new ConfigFiles(("/etc/ipsec.d/b.conf", "b"), ("/etc/ipsec.d/a.conf", "a"), ("/etc/ipsec.d/sub/c.conf", "c"));
        var fileSystem = new ConfigFileSystem(files.Root);

        Assert.Equal(Path.Join(files.Root, "/etc/ipsec.conf"), fileSystem.ToPhysical("/etc/ipsec.conf"));
        Assert.Equal(["/etc/ipsec.d/a.conf", "/etc/ipsec.d/b.conf"], fileSystem.Expand("/etc/ipsec.d/*.conf"));
        Assert.Equal(["/etc/ipsec.d/sub/c.conf"], fileSystem.Expand("/etc/*/s?b/*.conf"));
        Assert.Empty(fileSystem.Expand("/nowhere/*.conf"));
        Assert.Equal("a", fileSystem.ReadAllText("/etc/ipsec.d/a.conf"));
    }

    [Fact]
    public void Diagnostic_about_a_whole_file_names_only_the_file()
    {
        var diagnostic = new ConfigDiagnostic(DiagnosticSeverity.Warning, new SourceLocation("ipsec.conf", 0, 0), null, "something about the file");

        Assert.Equal("ipsec.conf: warning: something about the file", diagnostic.ToString());
    }
}
