using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>
/// leftsourceip between two real daemons (Memory kernel): its address and routes are there while the connection is
/// routed or a Child SA carries its traffic, as libreswan's updown routes and unroutes them, and go with the last.
/// </summary>
public sealed class SourceIpTests : IDisposable
{
    private const string AddAddress = "\"tunnel\": kernel: add address 10.1.0.1/32 dev lo";
    private const string AddRoute = "\"tunnel\": kernel: add route 10.2.0.0/16 src 10.1.0.1";
    private const string DeleteRoute = "\"tunnel\": kernel: delete route 10.2.0.0/16 src 10.1.0.1";
    private const string DeleteAddress = "\"tunnel\": kernel: delete address 10.1.0.1/32 dev lo";

    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void UpWithoutRoute_AddsTheSourceRouting_WhichTheRekeyKeeps_AndDownRemoves()
    {
        using var daemons = new TwoDaemons(westExtra: "    leftsourceip=10.1.0.1\n");
        var at = $"-RunDirectory '{daemons.West.Path}'";

        _shell.Run($"Start-IpsecConnection tunnel {at}");
        Assert.Equal([AddAddress, AddRoute], Steps(daemons.West));
        _shell.Run($"Invoke-IpsecWhack -Name tunnel -RekeyChild {at}");
        Assert.Equal([AddAddress, AddRoute], Steps(daemons.West));

        _shell.Run($"Stop-IpsecConnection tunnel {at}");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal([AddAddress, AddRoute, DeleteRoute, DeleteAddress], Steps(daemons.West));
    }

    [Fact]
    public void RoutedThenUp_KeepsTheOneSourceRouting_UnrouteWhileUpKeepsIt_DownThenRemovesIt()
    {
        using var daemons = new TwoDaemons(westExtra: "    leftsourceip=10.1.0.1\n");
        var at = $"-RunDirectory '{daemons.West.Path}'";

        _shell.Run($"Add-IpsecRoute tunnel {at}; Start-IpsecConnection tunnel {at}; Remove-IpsecRoute tunnel {at}");
        Assert.Equal([AddAddress, AddRoute], Steps(daemons.West));

        _shell.Run($"Stop-IpsecConnection tunnel {at}");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal([AddAddress, AddRoute, DeleteRoute, DeleteAddress], Steps(daemons.West));
    }

    /// <summary>The source-routing steps of the daemon's log so far, without routes' other words.</summary>
    private static List<string> Steps(DaemonFixture daemon) =>
        [.. daemon.Log.Split('\n').Select(line => line[(line.IndexOf("\"tunnel\": kernel: ", StringComparison.Ordinal) is var at and >= 0 ? at : 0)..].TrimEnd())
            .Where(line => line.StartsWith("\"tunnel\": kernel: ", StringComparison.Ordinal) && (line.Contains(" address ", StringComparison.Ordinal) || line.Contains(" route ", StringComparison.Ordinal)))];
}
