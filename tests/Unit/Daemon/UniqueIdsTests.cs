using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>
/// config setup uniqueids= and INITIAL_CONTACT between two real daemons: a new IKE SA from the same peer ID replaces
/// the older one and its Child SAs (yes, the default), or both stay (no) unless the peer said it has no other.
/// </summary>
public sealed class UniqueIdsTests
{
    private static List<IpsecIkeSa> IkeSas(HostedShell shell, DaemonFixture daemon) =>
        [.. ((IpsecConnectionStatus)shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject).IkeSas];

    /// <summary>The status once its IKE SAs number <paramref name="count"/>: the peer's events reach its loop a moment after ours.</summary>
    private static IpsecConnectionStatus Settled(HostedShell shell, DaemonFixture daemon, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;
            if ((status.IkeSas.Count == count && status.IkeSas.All(sa => sa.State == "Established")) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            Thread.Sleep(50);
        }
    }

    [Fact]
    public void SecondIkeSaFromTheSamePeerId_ReplacesTheFirst_AndItsChildSa_OnBothSides()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        var first = Assert.Single(IkeSas(shell, daemons.East));

        // West holds an IKE SA with east, so it sends no INITIAL_CONTACT: what follows is uniqueids=yes alone.
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Empty(shell.Streams.Error);
        var east = Settled(shell, daemons.East, 1);
        var west = Settled(shell, daemons.West, 1);
        var newest = Assert.Single(east.IkeSas);
        Assert.NotEqual(first.InitiatorSpi, newest.InitiatorSpi);
        Assert.Equal(newest.InitiatorSpi, Assert.Single(west.IkeSas).InitiatorSpi);
        Assert.Equal(newest.Serial, Assert.Single(east.ChildSas).IkeSaSerial);
        Assert.Equal(ConnectionState.Established, east.State);
        Assert.Contains($"\"tunnel\" #{newest.Serial}: replaces IKE SA #{first.Serial} of the same peer @west and traffic (uniqueids=yes): deleting them with their Child SAs", daemons.East.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void UniqueIdsNo_KeepsBothIkeSasOfTheSamePeerId()
    {
        using var daemons = new TwoDaemons(westSetup: "    uniqueids=no\n", eastSetup: "    uniqueids=no\n");
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        var first = Assert.Single(IkeSas(shell, daemons.East));

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var east = Settled(shell, daemons.East, 2);
        Assert.Equal(2, east.IkeSas.Count);
        Assert.Contains(east.IkeSas, sa => sa.InitiatorSpi == first.InitiatorSpi);
        Assert.Contains(east.ChildSas, child => child.IkeSaSerial == first.Serial);
        Assert.DoesNotContain("replaces IKE SA", daemons.East.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void PeerThatRestarted_SendsInitialContact_AndItsOldSasGo_EvenWithUniqueIdsNo()
    {
        using var daemons = new TwoDaemons(eastSetup: "    uniqueids=no\n");
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        var before = Assert.Single(IkeSas(shell, daemons.East));

        // West crashes: east still holds the IKE SA and Child SA it had with it.
        daemons.West.Restart();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Empty(shell.Streams.Error);
        var east = Settled(shell, daemons.East, 1);
        var after = Assert.Single(east.IkeSas);
        Assert.NotEqual(before.InitiatorSpi, after.InitiatorSpi);
        Assert.Equal(after.Serial, Assert.Single(east.ChildSas).IkeSaSerial);
        Assert.Contains($"\"tunnel\" #{after.Serial}: replaces IKE SA #{before.Serial} of the same peer @west and traffic (the peer sent INITIAL_CONTACT)", daemons.East.Log, StringComparison.Ordinal);
    }
}
