using SwanShell.Engine.Daemon.Ike;

namespace SwanShell.UnitTests.Daemon;

public sealed class RekeyScheduleTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan NineMinutes = TimeSpan.FromMinutes(9);

    [Fact]
    public void Creator_WithoutFuzz_RekeysAMarginBeforeTheEnd()
    {
        Assert.Equal(TimeSpan.FromMinutes(51), RekeySchedule.RekeyAfter(Hour, NineMinutes, 0, creator: true, new Random(1)));
    }

    [Fact]
    public void Creator_WithFullFuzz_RekeysBetweenTwoMarginsAndOneBeforeTheEnd()
    {
        var random = new Random(7);
        var times = Enumerable.Range(0, 200).Select(_ => RekeySchedule.RekeyAfter(Hour, NineMinutes, 100, creator: true, random)).ToList();

        Assert.All(times, t => Assert.InRange(t, TimeSpan.FromMinutes(42), TimeSpan.FromMinutes(51)));
        Assert.True(times.Distinct().Count() > 100, "the fuzz spreads the rekeys");
    }

    [Fact]
    public void OtherSide_RekeysOnlyAfterTheCreatorWould()
    {
        var other = RekeySchedule.RekeyAfter(Hour, NineMinutes, 100, creator: false, new Random(3));

        Assert.Equal(TimeSpan.FromMinutes(55.5), other);
        Assert.True(other > RekeySchedule.RekeyAfter(Hour, NineMinutes, 0, creator: true, new Random(3)));
    }

    [Fact]
    public void MarginLongerThanHalfTheLifetime_IsCutToHalf()
    {
        var lifetime = TimeSpan.FromSeconds(10);

        Assert.Equal(TimeSpan.FromSeconds(5), RekeySchedule.RekeyAfter(lifetime, NineMinutes, 100, creator: true, new Random(5)));
        Assert.Equal(TimeSpan.FromSeconds(7.5), RekeySchedule.RekeyAfter(lifetime, NineMinutes, 100, creator: false, new Random(5)));
    }
}
