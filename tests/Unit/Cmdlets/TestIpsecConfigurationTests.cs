using SwanShell.Engine.Config;
using SwanShell.UnitTests.Config;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cmdlets;

public sealed class TestIpsecConfigurationTests
{
    /// <summary>The arguments that read a fixture as if its folder were /.</summary>
    private static string Conf(string fixture) => ConfigFiles.Fixture(fixture);

    [Theory]
    [InlineData("host-to-host-psk")]
    [InlineData("site-includes")]
    [InlineData("every-keyword")]
    public void TestIpsecConfiguration_GoodFile_ReturnsNothing(string fixture)
    {
        using var shell = PowerShellFixture.NewShell();

        Assert.Empty(shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf(fixture)}'"));
        Assert.True((bool)Assert.Single(shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf(fixture)}' -Quiet")).BaseObject);
    }

    [Fact]
    public void TestIpsecConfiguration_BrokenFile_ReturnsEveryProblemAsObjects()
    {
        using var shell = PowerShellFixture.NewShell();

        var diagnostics = shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf("broken")}'").Select(o => (IpsecConfigDiagnostic)o.BaseObject).ToList();

        Assert.Equal(7, diagnostics.Count);
        Assert.Equal(6, diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        var unknown = diagnostics.Single(d => d.Keyword == "authby");
        Assert.Equal(("ipsec.conf", 8, 9), (unknown.File, unknown.Line, unknown.Column));
        Assert.Equal("did you mean 'secret'?", unknown.Suggestion);
        Assert.False((bool)Assert.Single(shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf("broken")}' -Quiet")).BaseObject);
    }

    [Fact]
    public void TestIpsecConfiguration_WarningsOnly_IsQuietlyTrue()
    {
        using var shell = PowerShellFixture.NewShell();

        Assert.Equal(4, shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf("road-warrior-server")}'").Count);
        Assert.True((bool)Assert.Single(shell.Run($"Test-IpsecConfiguration -RootDirectory '{Conf("road-warrior-server")}' -Quiet")).BaseObject);
    }

    [Fact]
    public void TestIpsecConfiguration_PskMissingFromSecrets_IsAnErrorAndNoSecretIsShown()
    {
        using var files = new ConfigFiles(
            ("/ipsec.conf", "conn a\n    left=192.0.2.1\n    leftid=@a\n    right=192.0.2.2\n    rightid=@b\n    authby=secret\n"),
            ("/ipsec.secrets", "@a @c : PSK \"hunter2-do-not-print\"\n"));
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render($"Test-IpsecConfiguration -Config '{Path.Combine(files.Root, "ipsec.conf")}'");
        var rooted = shell.Render($"Test-IpsecConfiguration -RootDirectory '{files.Root}' -Config /ipsec.conf");

        Assert.Equal(text, rooted);

        Assert.Contains("Error", text, StringComparison.Ordinal);
        Assert.Contains("ipsec.conf:1:1", text, StringComparison.Ordinal);
        Assert.Contains("conn 'a' authenticates with a PSK, but ipsec.secrets has none for @a and @b", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TestIpsecConfiguration_OutDefault_RendersSeverityLocationAndMessage()
    {
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render($"Test-IpsecConfiguration -RootDirectory '{Conf("broken")}'");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["Severity", "Location", "Message"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, line => line.StartsWith("Error    ipsec.conf:8:9", StringComparison.Ordinal) && line.Contains("invalid value 'secrte' for 'authby'", StringComparison.Ordinal));
    }
}
