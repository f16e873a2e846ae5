using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

public sealed class DaemonStartupTests
{
    [Fact]
    public void ConnThatCannotBeRoutedAtStart_IsLoggedAndSkipped_AndTheOthersAreAdded()
    {
        const string conns = """
            conn good
                left=127.0.0.1
                right=127.0.0.2
                authby=secret
                auto=ondemand

            conn anyone
                left=127.0.0.1
                right=%any
                authby=secret
                auto=ondemand

            conn also-good
                left=127.0.0.1
                right=127.0.0.3
                authby=secret
                auto=add

            """;
        using var daemon = new DaemonFixture(conns);
        using var shell = PowerShellFixture.NewShell();

        var names = shell.Run($"Get-IpsecStatus -RunDirectory '{daemon.Path}' | ForEach-Object Name").Select(o => (string)o.BaseObject);

        Assert.Equal(["also-good", "good"], names);
        Assert.Contains("\"anyone\": not added: 'anyone' cannot be routed: its remote end is %any", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("loaded 2 connection(s)", daemon.Log, StringComparison.Ordinal);
    }
}
