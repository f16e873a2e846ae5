using System.Globalization;

namespace SwanShell.Engine.Config;

/// <summary>
/// Reads typed values from a conn's effective settings. A missing or empty setting gives the default;
/// a value of the wrong kind is reported as <c>invalid value 'V' for 'key': expected …</c> at the value.
/// </summary>
internal sealed class SettingReader(IReadOnlyDictionary<string, ConfigSetting> settings, DiagnosticList diagnostics)
{
    /// <summary>Reads a value with a parser that explains what is wrong.</summary>
    public delegate bool Parser<T>(string text, out T value, out string? error);

    public DiagnosticList Diagnostics { get; } = diagnostics;

    /// <summary>The setting, unless absent or empty (libreswan: an empty value means the default).</summary>
    public ConfigSetting? Get(string key) =>
        settings.TryGetValue(key, out var setting) && setting.Value.Length > 0 ? setting : null;

    public bool Has(string key) => Get(key) is not null;

    public string? Text(string key) => Get(key)?.Value;

    public bool YesNo(string key, bool fallback) =>
        Choice(key, fallback, [("yes", true), ("no", false), ("true", true), ("false", false)]);

    /// <summary>One of a fixed set of words; the first name of each value is the one shown in "expected".</summary>
    public T Choice<T>(string key, T fallback, (string Name, T Value)[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (Get(key) is not { } setting)
        {
            return fallback;
        }

        foreach (var (name, value) in names)
        {
            if (string.Equals(name, setting.Value, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        // Aliases (route for ondemand, true for yes) work but are not advertised.
        var shown = names.DistinctBy(n => n.Value).Select(n => n.Name).ToList();
        var expected = shown.Count == 2 ? $"{shown[0]} or {shown[1]}" : "one of " + string.Join(", ", shown);
        var closest = EditDistance.Closest(setting.Value.ToLowerInvariant(), shown);
        Invalid(setting, expected, closest is null ? null : $"did you mean '{closest}'?");
        return fallback;
    }

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan? maximum = null, bool milliseconds = false)
    {
        if (Get(key) is not { } setting)
        {
            return fallback;
        }

        var plain = milliseconds ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromSeconds(1);
        if (!ConfigDuration.TryParse(setting.Value, plain, out var duration))
        {
            Invalid(setting, milliseconds ? "a duration such as 500ms, 2s or 500 (milliseconds)" : "a duration such as 8h, 1d, 3600s or 3600 (seconds)");
            return fallback;
        }

        if (duration > maximum)
        {
            Diagnostics.Warning(setting.ValueLocation, key, $"'{key}={setting.Value}' is longer than the maximum of {ConfigDuration.Format(maximum.Value)}; {ConfigDuration.Format(maximum.Value)} is used");
            return maximum.Value;
        }

        return duration;
    }

    public ulong? Number(string key, ulong minimum, ulong maximum)
    {
        if (Get(key) is not { } setting)
        {
            return null;
        }

        if (!ulong.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum || number > maximum)
        {
            Invalid(setting, $"a whole number from {minimum} to {maximum}");
            return null;
        }

        return number;
    }

    /// <summary>A value read by <paramref name="parser"/>; its error becomes the "expected" text.</summary>
    public T? Parse<T>(string key, Parser<T> parser)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (Get(key) is not { } setting)
        {
            return null;
        }

        if (parser(setting.Value, out var value, out var error))
        {
            return value;
        }

        Diagnostics.Error(setting.ValueLocation, key, $"invalid value '{setting.Value}' for '{key}': {error}");
        return null;
    }

    public void Invalid(ConfigSetting setting, string expected, string? suggestion = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        Diagnostics.Error(setting.ValueLocation, setting.Key, $"invalid value '{setting.Value}' for '{setting.Key}': expected {expected}", suggestion);
    }
}
