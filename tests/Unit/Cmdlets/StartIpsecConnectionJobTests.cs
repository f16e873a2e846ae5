using System.Management.Automation;
using System.Text;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec auto --asynchronous at scale: many connections brought up in parallel with -AsJob.</summary>
public sealed class StartIpsecConnectionJobTests
{
    [Fact]
    public void AsJob_BringsAThousandConnectionsUp_AndReportsEachInTheJob()
    {
        const int count = 1000;
        var port = TwoDaemons.FreePort();
        var spokes = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            spokes.Append($"conn t{i}\n    also=base\n    leftsubnet=10.1.{i / 256}.{i % 256}/32\n    auto=add\n\n");
        }

        var common = $"conn base\n    left=127.0.0.1\n    leftid=@west\n    leftikeport={port}\n    right=127.0.0.2\n    rightid=@east\n    rightsubnet=10.2.0.0/16\n    rightikeport={port}\n    authby=secret\n\n";
        const string secrets = "@west @east : PSK \"a thousand tunnels\"\n";
        using var west = new DaemonFixture(common + spokes, "127.0.0.1", secrets, port, port - 1);
        using var east = new DaemonFixture(common + "conn hub\n    also=base\n    leftsubnet=10.1.0.0/16\n    auto=add\n", "127.0.0.2", secrets, port, port - 1);
        using var shell = PowerShellFixture.NewShell();

        var job = (Job)shell.Run($"Get-IpsecStatus -Name 't*' -RunDirectory '{west.Path}' | Start-IpsecConnection -AsJob -RunDirectory '{west.Path}'").Single().BaseObject;
        var results = shell.Run("$args[0] | Wait-Job -Timeout 300 | Receive-Job".Replace("$args[0]", $"Get-Job -Id {job.Id}", StringComparison.Ordinal));

        Assert.True(job.JobStateInfo.State == JobState.Completed, string.Join("\n", shell.Streams.Error.Take(5).Select(e => $"{e.TargetObject}: {e}")));
        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.Equal(ConnectionState.Established, ((IpsecConnectionStatus)r.BaseObject).State));
        Assert.Equal(count, shell.Run($"Get-IpsecStatus -RunDirectory '{west.Path}' | Where-Object State -eq Established").Count);
        Assert.Equal($"{count} up, 0 failed", job.StatusMessage);
    }

    [Fact]
    public void AsJob_ReportsFailuresAsErrorsOfTheJob()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"$job = Start-IpsecConnection tunnel, nosuch -AsJob -RunDirectory '{daemons.West.Path}'; $job | Wait-Job -Timeout 60 | Out-Null");
        var received = shell.Run("Receive-Job $job -ErrorAction SilentlyContinue -ErrorVariable failed; $failed | ForEach-Object FullyQualifiedErrorId");

        Assert.Equal("Failed", shell.Run("$job.State").Single().ToString());
        Assert.Contains(received, r => r.BaseObject is IpsecConnectionStatus { State: ConnectionState.Established });
        Assert.Contains(received, r => r.BaseObject is string id && id.StartsWith("ConnectionNotFound", StringComparison.Ordinal));
    }
}
