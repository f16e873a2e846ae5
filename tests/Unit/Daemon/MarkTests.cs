using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>
/// mark=, mark-in= and mark-out= between two real daemons: the Child SA's inbound SA and its in and forward policies
/// carry the inbound mark, its outbound SA and out policy the outbound one, as libreswan and strongSwan install them.
/// </summary>
public sealed class MarkTests : IDisposable
{
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void MarkInAndMarkOut_AreOnTheChildSasKernelSasAndPolicies_AndInItsStatus()
    {
        using var daemons = new TwoDaemons(eastExtra: "    mark-in=0x20/0xff\n    mark-out=0x30/0xff\n");
        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var child = OnlyChildSa(daemons.East);
        Assert.Equal(("0x20/0xff", "0x30/0xff"), (child.MarkIn, child.MarkOut));
        var kernel = KernelState(daemons.East);
        Assert.Equal("0x20/0xff", Assert.Single(kernel.Sas, sa => sa.Spi == child.InboundSpi).Mark);
        Assert.Equal("0x30/0xff", Assert.Single(kernel.Sas, sa => sa.Spi == child.OutboundSpi).Mark);
        Assert.Equal(
            [("forward", "0x20/0xff"), ("in", "0x20/0xff"), ("out", "0x30/0xff")],
            kernel.Policies.Select(p => (p.Direction, p.Mark)).Order());

        // West has no mark: nothing of it is marked.
        var west = KernelState(daemons.West);
        Assert.All(west.Sas, sa => Assert.Null(sa.Mark));
        Assert.All(west.Policies, p => Assert.Null(p.Mark));
    }

    [Fact]
    public void Mark_AppliesToBothDirections_AndRoutingPutsItOnTheTrapTheChildSaThenReplaces()
    {
        using var daemons = new TwoDaemons(westExtra: "    mark=0x10/0xffffffff\n");
        _shell.Run($"Add-IpsecRoute tunnel -RunDirectory '{daemons.West.Path}'");
        var trap = Assert.Single(KernelState(daemons.West).Policies);
        Assert.Equal(("trap", "0x10/0xffffffff"), (trap.Kind, trap.Mark));

        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var child = Assert.Single(Status(daemons.West).ChildSas);
        Assert.Equal(("0x10/0xffffffff", "0x10/0xffffffff"), (child.MarkIn, child.MarkOut));
        var kernel = KernelState(daemons.West);
        Assert.All(kernel.Sas, sa => Assert.Equal("0x10/0xffffffff", sa.Mark));
        Assert.Equal(["ipsec", "ipsec", "ipsec"], kernel.Policies.Select(p => p.Kind));
        Assert.All(kernel.Policies, p => Assert.Equal("0x10/0xffffffff", p.Mark));
    }

    [Fact]
    public void UniqueMark_GivesThePeerAValueOfItsOwn_BothWays_KeptByTheRekeyedChildSa()
    {
        using var daemons = new TwoDaemons(eastExtra: "    mark=-1/0xffff\n");
        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        var first = OnlyChildSa(daemons.East);
        Assert.NotNull(first.MarkIn);
        Assert.Matches("^0x[1-9a-f][0-9a-f]{0,3}/0xffff$", first.MarkIn);
        Assert.Equal(first.MarkIn, first.MarkOut);

        _shell.Run($"Invoke-IpsecWhack -Name tunnel -RekeyChild -RunDirectory '{daemons.West.Path}'");

        // East holds the old Child SA beside the new one until the initiator's Delete of it arrives.
        var rekeyed = OnlyChildSa(daemons.East, other: first);
        Assert.Equal((first.MarkIn, first.MarkOut), (rekeyed.MarkIn, rekeyed.MarkOut));
        Assert.All(KernelState(daemons.East).Policies, p => Assert.Equal(first.MarkIn, p.Mark));
    }

    /// <summary>
    /// The daemon's one Child SA (other than <paramref name="other"/>) once it has exactly one: a responder's events
    /// reach its loop a moment after the initiator's cmdlet has returned.
    /// </summary>
    private IpsecChildSa OnlyChildSa(DaemonFixture daemon, IpsecChildSa? other = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<IpsecChildSa> children;
        while ((children = Status(daemon).ChildSas) is not [{ } only] || only.Serial == other?.Serial)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the Child SAs: {string.Join(", ", children)}");
            Thread.Sleep(50);
        }

        return children[0];
    }

    private IpsecConnectionStatus Status(DaemonFixture daemon) =>
        (IpsecConnectionStatus)_shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;

    private IpsecKernelState KernelState(DaemonFixture daemon) =>
        ((IpsecDiagnostic)_shell.Run($"Get-IpsecDiagnostic -RunDirectory '{daemon.Path}'").Single().BaseObject).KernelState!;
}
