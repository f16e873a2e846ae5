using System.Globalization;
using System.Text;

namespace SwanShell.Engine.Daemon.Logging;

/// <summary>
/// syslog over /dev/log in RFC 5424 form, with the connection and SA serial as structured data:
/// <c>&lt;30&gt;1 TIME HOST swanshell-pluto PID - [conn@32473 name="…" serial="…"] MESSAGE</c>. 32473 is the
/// private enterprise number RFC 5612 sets aside for documentation, used until SwanShell has one of its own.
/// </summary>
public sealed class SyslogLog(string socketPath) : DatagramSystemLog(socketPath)
{
    public const string DefaultSocketPath = "/dev/log";

    public static byte[] Encode(LogRecord record, string host, int processId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = record.Connection is { } connection
            ? $"[conn@32473 name=\"{Escape(connection)}\"{(record.Serial is { } serial ? $" serial=\"{serial}\"" : string.Empty)}]"
            : "-";
        var priority = (LogRecord.Facility * 8) + LogRecord.Priority;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"<{priority}>1 {record.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ} {host} {JournalLog.Identifier} {processId} - {data} {record.Message}");
        return Encoding.UTF8.GetBytes(line);
    }

    protected override byte[] Datagram(LogRecord record) => Encode(record, Environment.MachineName, Environment.ProcessId);

    /// <summary>RFC 5424 §6.3.3: '"', '\' and ']' are escaped in a PARAM-VALUE.</summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
