using System.Globalization;
using System.Text.RegularExpressions;

namespace SwanShell.Engine.Daemon.Logging;

/// <summary>
/// One daemon log line as a structured record: the text, and the connection and SA serial it is about, read from the
/// <c>"name" #N:</c> prefix every connection's line carries (as pluto's do).
/// </summary>
public sealed partial record LogRecord(DateTimeOffset Time, string Message, string? Connection, ulong? Serial)
{
    /// <summary>syslog's "informational": everything the daemon logs is an event, not a failure of the daemon itself.</summary>
    public const int Priority = 6;

    /// <summary>syslog's "daemon" facility.</summary>
    public const int Facility = 3;

    public static LogRecord Parse(DateTimeOffset time, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var prefix = ConnectionPrefix().Match(message);
        return prefix.Success
            ? new LogRecord(time, message, prefix.Groups["name"].Value,
                prefix.Groups["serial"].Success ? ulong.Parse(prefix.Groups["serial"].Value, CultureInfo.InvariantCulture) : null)
            : new LogRecord(time, message, null, null);
    }

    [GeneratedRegex(@"^""(?<name>[^""]+)""(?:\[\d+\])?(?: #(?<serial>\d+))?:")]
    private static partial Regex ConnectionPrefix();
}
