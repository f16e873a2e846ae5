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

    /// <summary>The connection's status once <paramref name="done"/> holds: the peer's events reach its loop a moment after ours.</summary>
    private static IpsecConnectionStatus When(HostedShell shell, DaemonFixture daemon, Func<IpsecConnectionStatus, bool> done, string name = "tunnel")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus {name} -RunDirectory '{daemon.Path}'").Single().BaseObject;
            if (done(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The kernel's policies, as "direction kind template".</summary>
    private static List<string> Policies(DaemonFixture daemon) =>
        [.. daemon.KernelState().Policies.Select(p => $"{p.Direction} {p.Kind} {p.Template}").Order()];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UniqueIdsNo_SecondChildSaForTheSameTraffic_IsInstalled_AndThePoliciesStayUntilTheLastGoes(bool olderGoesFirst)
    {
        using var daemons = new TwoDaemons(westSetup: "    uniqueids=no\n", eastSetup: "    uniqueids=no\n");
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        var policies = Policies(daemons.West);

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Empty(shell.Streams.Error);
        var west = When(shell, daemons.West, s => s.ChildSas.Count == 2);
        Assert.Equal(2, west.ChildSas.Count);
        Assert.Equal(2, When(shell, daemons.East, s => s.ChildSas.Count == 2).ChildSas.Count);
        Assert.Equal(3, policies.Count);
        Assert.Equal(policies, Policies(daemons.West));

        // Either IKE SA may go first (deleted here, by the peer, or by its lifetime): the other keeps the traffic.
        var serials = west.IkeSas.Select(sa => sa.Serial).Order().ToList();
        var (first, last) = olderGoesFirst ? (serials[0], serials[1]) : (serials[1], serials[0]);
        shell.Run($"Invoke-IpsecWhack -DeleteState {first} -RunDirectory '{daemons.West.Path}'");
        Assert.Single(When(shell, daemons.West, s => s.ChildSas.Count == 1).ChildSas);
        Assert.Equal(policies, Policies(daemons.West));
        Assert.All(daemons.West.KernelState().Policies, p => Assert.Equal("ipsec", p.Kind));

        shell.Run($"Invoke-IpsecWhack -DeleteState {last} -RunDirectory '{daemons.West.Path}'");
        Assert.Empty(shell.Streams.Error);
        Assert.Empty(When(shell, daemons.West, s => s.ChildSas.Count == 0).ChildSas);
        Assert.Empty(Policies(daemons.West));
    }

    [Theory]
    [InlineData("yes", 1)]
    [InlineData("no", 2)]
    public void ChildlessIkeSaFromTheSamePeerId_ReplacesTheOlderChildlessOne_UnlessUniqueIdsNo(string uniqueIds, int remaining)
    {
        const string conn = "conn peers\n    left=127.0.0.1\n    leftid=@daemon\n    right=%any\n    rightid=@peer\n    authby=secret\n    ike=aes_gcm128-sha2_256;dh19\n    auto=add\n";
        var port = TwoDaemons.FreePort();
        using var daemon = new DaemonFixture(conn, "127.0.0.1", "@daemon @peer : PSK \"childless\"\n", port, port - 1, $"    uniqueids={uniqueIds}\n");
        using var peer = new ChildlessPeer(System.Net.IPAddress.Parse("127.0.0.2"));
        using var shell = PowerShellFixture.NewShell();
        var at = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.1"), port);

        var first = peer.Connect(at, "peer", "daemon", "childless");
        var older = Assert.Single(When(shell, daemon, s => s.IkeSas.Count == 1 && s.IkeSas[0].State == "Established", "peers").IkeSas);
        var second = peer.Connect(at, "peer", "daemon", "childless");

        var newest = $"{second.InitiatorSpi:x16}";
        var status = When(shell, daemon, s => s.IkeSas.Count == remaining && s.IkeSas.Any(sa => sa.InitiatorSpi == newest && sa.State == "Established"), "peers");
        Assert.Equal(remaining, status.IkeSas.Count);
        Assert.Contains(status.IkeSas, sa => sa.InitiatorSpi == newest);
        Assert.Equal(ConnectionState.IkeEstablished, status.State);
        Assert.Empty(status.ChildSas);
        Assert.Equal($"{first.InitiatorSpi:x16}", older.InitiatorSpi);
        var replaced = $"\"peers\" #{status.IkeSas.Single(sa => sa.InitiatorSpi == newest).Serial}: replaces IKE SA #{older.Serial} of the same peer @peer";
        Assert.Equal(uniqueIds == "yes", daemon.Log.Contains(replaced, StringComparison.Ordinal));
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
