using SwanShell.Engine.Daemon.Logging;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's log: one line per event, with UTC time and pid, to stderr and to the run directory's log file, and as a
/// structured record (with the connection as a field) to journald or syslog when the host has one.
/// Key material never reaches it: callers log names, ids and states only.
/// </summary>
public sealed class DaemonLog : IDisposable
{
    private readonly TextWriter? _file;
    private readonly TextWriter? _stderr;
    private readonly ISystemLog? _systemLog;
    private readonly object _gate = new();

    /// <param name="filePath">The log file; null for none.</param>
    /// <param name="stderr">Standard error, for a daemon in the foreground (systemd, journald); null once detached.</param>
    /// <param name="systemLog">journald or syslog; null for none. The log disposes it.</param>
    public DaemonLog(string? filePath, TextWriter? stderr, ISystemLog? systemLog = null)
    {
        _stderr = stderr;
        _systemLog = systemLog;
        if (filePath is not null)
        {
            _file = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
    }

    /// <summary>Each message as written (without time stamp), for requests that stream a connection's log to their client.</summary>
    public event Action<string>? LineWritten;

    public void Write(string message)
    {
        LineWritten?.Invoke(message);
        var now = DateTimeOffset.UtcNow;
        var line = $"{now:yyyy-MM-ddTHH:mm:ss.fffZ} pluto[{Environment.ProcessId}]: {message}";
        lock (_gate)
        {
            _file?.WriteLine(line);
            try
            {
                _stderr?.WriteLine(line);
            }
            catch (IOException)
            {
                // Whoever started us may have closed our stderr; the file still has the line.
            }

            _systemLog?.Send(LogRecord.Parse(now, message));
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        _systemLog?.Dispose();
    }
}
