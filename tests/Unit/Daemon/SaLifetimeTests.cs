using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>Rekey and expiry of IKE and Child SAs between two real daemons (Memory kernel), with lifetimes of seconds.</summary>
public sealed class SaLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void ChildSa_AtItsSoftLifetime_IsRekeyed_AndTheOldOneLeavesTheKernel()
    {
        const string Lifetimes = "    ipsec-lifetime=8s\n    rekeymargin=3s\n    rekeyfuzz=0%";
        using var daemons = new TwoDaemons(Lifetimes, Lifetimes);
        using var shell = PowerShellFixture.NewShell();
        var first = Assert.Single(Start(shell, daemons).ChildSas);

        Assert.True(SpinWait.SpinUntil(() => Rekeyed(shell, daemons, first.InboundSpi), Patience), "the Child SA was not replaced");

        Assert.Contains($"replacing #{first.Serial}", daemons.West.Log, StringComparison.Ordinal);
        Assert.Contains($"kernel: delete SA ESP SPI 0x{first.InboundSpi} to 127.0.0.1", daemons.West.Log, StringComparison.Ordinal);
        Assert.Contains($"#{first.Serial}: Child SA deleted", daemons.West.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void IkeSa_AtItsRekeyTime_IsRekeyed_AndKeepsItsChildSa()
    {
        const string Lifetimes = "    ikelifetime=8s\n    rekeymargin=3s\n    rekeyfuzz=0%";
        using var daemons = new TwoDaemons(Lifetimes, Lifetimes);
        using var shell = PowerShellFixture.NewShell();
        var started = Start(shell, daemons);
        var (ike, child) = (Assert.Single(started.IkeSas), Assert.Single(started.ChildSas));

        // The daemons are two processes: east may still be deleting the old IKE SA when west has done so.
        IpsecConnectionStatus west = null!, east = null!;
        Assert.True(
            SpinWait.SpinUntil(
                () => (west = Status(shell, daemons.West)).IkeSas is [{ } now] && now.Serial != ike.Serial && now.State == "Established"
                    && (east = Status(shell, daemons.East)).IkeSas is [{ } theirs] && theirs.InitiatorSpi == now.InitiatorSpi,
                Patience),
            "the IKE SA was not replaced on both sides");

        Assert.Equal(ConnectionState.Established, west.State);
        Assert.Equal(child.InboundSpi, Assert.Single(west.ChildSas).InboundSpi);
        Assert.Equal(child.InboundSpi, Assert.Single(east.ChildSas).OutboundSpi);
    }

    [Fact]
    public void IkeSa_WithRekeyNo_IsDeletedAtTheEndOfItsLifetime_OnBothSides()
    {
        const string Lifetimes = "    ikelifetime=4s\n    rekey=no";
        using var daemons = new TwoDaemons(Lifetimes, Lifetimes);
        using var shell = PowerShellFixture.NewShell();
        Start(shell, daemons);

        Assert.True(SpinWait.SpinUntil(() => Status(shell, daemons.West).State == ConnectionState.Added && Status(shell, daemons.East).State == ConnectionState.Added, Patience));

        Assert.Contains("IKE SA reached the end of its lifetime: deleting it", daemons.West.Log + daemons.East.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void PeerKilled_LivenessChecksFail_AndAnAutoAddConnTakesItsChildSaOutOfTheKernel()
    {
        const string Liveness = "    dpddelay=1s\n    dpdtimeout=3s";
        using var daemons = new TwoDaemons(Liveness, Liveness);
        using var shell = PowerShellFixture.NewShell();
        var child = Assert.Single(Start(shell, daemons).ChildSas);

        System.Diagnostics.Process.GetProcessById(daemons.East.ProcessId).Kill();

        Assert.True(SpinWait.SpinUntil(() => Status(shell, daemons.West).State == ConnectionState.Added, Patience), $"west kept the SAs of a dead peer:\n{daemons.West.Log}");
        Assert.Contains("is dead (liveness checks unanswered); dpdaction=clear", daemons.West.Log, StringComparison.Ordinal);
        Assert.Contains($"kernel: delete SA ESP SPI 0x{child.InboundSpi} to 127.0.0.1", daemons.West.Log, StringComparison.Ordinal);
    }

    private static IpsecConnectionStatus Start(HostedShell shell, TwoDaemons daemons)
    {
        var started = (IpsecConnectionStatus)shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'").Single().BaseObject;
        Assert.Empty(shell.Streams.Error);
        return started;
    }

    /// <summary>Both sides have exactly one Child SA, a new one, and they agree on its SPIs.</summary>
    private static bool Rekeyed(HostedShell shell, TwoDaemons daemons, string firstInboundSpi) =>
        Status(shell, daemons.West).ChildSas is [{ } west] && west.InboundSpi != firstInboundSpi
        && Status(shell, daemons.East).ChildSas is [{ } east] && east.OutboundSpi == west.InboundSpi && east.InboundSpi == west.OutboundSpi;

    private static IpsecConnectionStatus Status(HostedShell shell, DaemonFixture daemon) =>
        (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;
}
