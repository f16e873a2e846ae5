namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// When a side rekeys an SA of a given lifetime, as libreswan spreads it: the side that created the SA at
/// lifetime − rekeymargin − a random part of rekeymargin × rekeyfuzz, the other side at lifetime − rekeymargin / 2.
/// The creator so normally goes first, the other side only steps in when it did not, and many SAs created together
/// do not all rekey in the same second.
/// </summary>
public static class RekeySchedule
{
    /// <param name="lifetime">ikelifetime= or ipsec-lifetime=.</param>
    /// <param name="margin">rekeymargin=; more than half the lifetime is cut to half, as a margin cannot exceed it.</param>
    /// <param name="fuzzPercent">rekeyfuzz=, in percent of the margin.</param>
    /// <param name="creator">Whether this side created the SA (initiated its exchange).</param>
    /// <param name="random">Where the fuzz comes from.</param>
    public static TimeSpan RekeyAfter(TimeSpan lifetime, TimeSpan margin, uint fuzzPercent, bool creator, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var usable = margin < lifetime / 2 ? margin : lifetime / 2;
        if (!creator)
        {
            return lifetime - (usable / 2);
        }

        // The fuzz never pushes the rekey into the first half of the lifetime.
        var fuzz = usable * (fuzzPercent / 100.0) * random.NextDouble();
        var rekey = lifetime - usable - fuzz;
        return rekey > lifetime / 2 ? rekey : lifetime / 2;
    }
}
