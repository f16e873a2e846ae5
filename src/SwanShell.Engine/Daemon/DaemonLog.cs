using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon.Logging;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's log: one line per event, with UTC time (unless <c>logtime=no</c>) and pid, to stderr and to the log file
/// (<c>logfile=</c>, else the run directory's), and as a structured record (with the connection as a field) to journald
/// or syslog when the host has one. Key material never reaches it: callers log names, ids and states only.
/// </summary>
public sealed class DaemonLog : IDisposable
{
    private readonly TextWriter? _file;
    private readonly TextWriter? _stderr;
    private readonly ISystemLog? _systemLog;
    private readonly bool _timestamps;
    private readonly object _gate = new();

    /// <param name="filePath">The log file; null for none.</param>
    /// <param name="stderr">Standard error, for a daemon in the foreground (systemd, journald); null once detached.</param>
    /// <param name="systemLog">journald or syslog; null for none. The log disposes it.</param>
    /// <param name="append">Whether to keep what the file holds (<c>logappend=</c>) or start it empty.</param>
    /// <param name="timestamps">Whether lines start with the time (<c>logtime=</c>); journald and syslog records always carry it.</param>
    /// <exception cref="IOException">The file cannot be opened for writing (no such directory, not a file).</exception>
    /// <exception cref="UnauthorizedAccessException">The daemon may not write the file.</exception>
    public DaemonLog(string? filePath, TextWriter? stderr, ISystemLog? systemLog = null, bool append = true, bool timestamps = true)
    {
        if (filePath is not null)
        {
            _file = new StreamWriter(new FileStream(filePath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        FilePath = filePath;
        _stderr = stderr;
        _systemLog = systemLog;
        _timestamps = timestamps;
    }

    /// <summary>Each message as written (without time stamp), for requests that stream a connection's log to their client.</summary>
    public event Action<string>? LineWritten;

    /// <summary><c>whack --debug</c>: what the daemon logs beyond its normal lines; changed at run time.</summary>
    public DebugLevel Debug { get; set; }

    /// <summary>The file the log goes to; null for none.</summary>
    public string? FilePath { get; }

    /// <summary>The file a daemon of <paramref name="run"/> with this <c>config setup</c> logs to: <c>logfile=</c>, else the run directory's.</summary>
    public static string FilePathFor(RunDirectory run, SetupDefinition? setup)
    {
        ArgumentNullException.ThrowIfNull(run);
        return setup?.LogFile ?? run.LogFilePath;
    }

    /// <summary>
    /// The log file a daemon of <paramref name="run"/> wrote last, for readers that cannot ask it (it is not running):
    /// <c>logfile=</c> or, when that could not be opened, the run directory's; null when there is neither.
    /// </summary>
    public static string? LatestFile(RunDirectory run, SetupDefinition? setup)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new[] { FilePathFor(run, setup), run.LogFilePath }
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    public void Write(string message)
    {
        LineWritten?.Invoke(message);
        var now = DateTimeOffset.UtcNow;
        var line = _timestamps ? $"{now:yyyy-MM-ddTHH:mm:ss.fffZ} pluto[{Environment.ProcessId}]: {message}" : $"pluto[{Environment.ProcessId}]: {message}";
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
