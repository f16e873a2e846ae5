using System.Globalization;

namespace SwanShell.Engine.Config;

/// <summary>Durations as libreswan writes them: a whole number with an optional unit <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c>.</summary>
internal static class ConfigDuration
{
    /// <summary>Reads a duration; a number without unit is in <paramref name="plainUnit"/> (seconds, or milliseconds for retransmit-interval).</summary>
    public static bool TryParse(string text, TimeSpan plainUnit, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        TimeSpan? unit = text[digits..].ToLowerInvariant() switch
        {
            "" => plainUnit,
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            "w" => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is not { } step || number > TimeSpan.MaxValue.Ticks / step.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks(number * step.Ticks);
        return true;
    }

    /// <summary>The shortest exact form in the largest whole unit, as <see cref="TryParse"/> reads it back.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        (TimeSpan Unit, string Suffix)[] units = [(TimeSpan.FromDays(7), "w"), (TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s")];
        foreach (var (unit, suffix) in units)
        {
            if (duration.Ticks % unit.Ticks == 0)
            {
                return (duration.Ticks / unit.Ticks).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
