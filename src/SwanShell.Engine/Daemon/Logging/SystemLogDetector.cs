namespace SwanShell.Engine.Daemon.Logging;

/// <summary>Picks the host's system log: journald when its socket exists, else syslog's /dev/log, else none.</summary>
public static class SystemLogDetector
{
    public static ISystemLog? Detect(string journalSocket = JournalLog.DefaultSocketPath, string syslogSocket = SyslogLog.DefaultSocketPath) =>
        File.Exists(journalSocket) ? new JournalLog(journalSocket)
        : File.Exists(syslogSocket) ? new SyslogLog(syslogSocket)
        : null;
}
