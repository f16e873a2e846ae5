using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Daemon;

public sealed class IkeSaOptionsFactoryTests
{
    [Fact]
    public void Retransmission_ByLibreswanDefaults_DoublesFromHalfASecond_AndGivesUpAfterAMinute()
    {
        var retransmission = IkeSaOptionsFactory.Retransmission(Conn());

        Assert.Equal(TimeSpan.FromMilliseconds(500), retransmission.Timeout);
        Assert.Equal(2, retransmission.Base);
        var total = Enumerable.Range(0, retransmission.Tries + 1).Sum(n => retransmission.Delay(n).TotalSeconds);
        Assert.InRange(total, 60, 64);
        Assert.True(total - retransmission.Delay(retransmission.Tries).TotalSeconds < 60, "one try fewer would stop before the timeout");
    }

    [Fact]
    public void Liveness_WithDpddelayZero_IsOff()
    {
        Assert.Null(IkeSaOptionsFactory.Liveness(Conn() with { DpdDelay = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData(AutoStart.Start, LivenessAction.Restart)]
    [InlineData(AutoStart.Keep, LivenessAction.Restart)]
    [InlineData(AutoStart.OnDemand, LivenessAction.Hold)]
    [InlineData(AutoStart.Add, LivenessAction.Clear)]
    public void Liveness_ActionAfterADeadPeer_ComesFromAuto(AutoStart auto, LivenessAction expected)
    {
        var liveness = IkeSaOptionsFactory.Liveness(Conn() with { Auto = auto, DpdDelay = TimeSpan.FromSeconds(30), DpdTimeout = TimeSpan.FromSeconds(90) });

        Assert.Equal(new LivenessOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), expected), liveness);
    }

    private static ConnectionDefinition Conn() => new() { Name = "c", Left = End("192.0.2.1"), Right = End("192.0.2.2") };

    private static ConnectionEnd End(string address) => new() { Host = new HostAddress(HostAddressKind.Address, System.Net.IPAddress.Parse(address)) };
}
