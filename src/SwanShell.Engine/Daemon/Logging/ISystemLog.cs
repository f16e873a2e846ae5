namespace SwanShell.Engine.Daemon.Logging;

/// <summary>Where the daemon's records go besides its file: journald or syslog.</summary>
public interface ISystemLog : IDisposable
{
    /// <summary>Sends one record; a log that cannot take it drops it (the file still has the line).</summary>
    void Send(LogRecord record);
}
