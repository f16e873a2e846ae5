using SwanShell.Engine.Native;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The state of one daemon instance as <c>ipsec setup status</c> reports it. "Illicit" daemons do not match
/// the pid in the lock file; "orphaned" ones run with no lock file at all.
/// </summary>
public sealed record DaemonStatus(
    RunDirectory RunDirectory,
    bool Running,
    int? ProcessId,
    int? LockFileProcessId,
    IReadOnlyList<int> Illicit,
    IReadOnlyList<int> Orphaned,
    bool StaleLockFile,
    bool StaleSocket,
    bool StalePidFile)
{
    /// <summary>Nothing strange: no illicit or orphaned daemon, no files left by a dead one.</summary>
    public bool IsHealthy => Illicit.Count == 0 && Orphaned.Count == 0 && !StaleLockFile && !StaleSocket && !StalePidFile;

    public static DaemonStatus Inspect(RunDirectory runDirectory, string procRoot = "/proc")
    {
        var lockFile = DaemonLock.Inspect(runDirectory.LockFilePath);
        var pidFile = ReadPid(runDirectory.PidFilePath);
        var daemons = DaemonProcessScanner.Find(runDirectory, procRoot);
        var running = lockFile.Held && lockFile.ProcessId is { } owner && LibC.ProcessAlive(owner);
        return new DaemonStatus(
            runDirectory,
            running,
            running ? lockFile.ProcessId : pidFile is { } pid && LibC.ProcessAlive(pid) ? pid : null,
            lockFile.ProcessId,
            lockFile.Exists ? [.. daemons.Where(p => p != lockFile.ProcessId)] : [],
            lockFile.Exists ? [] : daemons,
            StaleLockFile: lockFile.Exists && !lockFile.Held,
            StaleSocket: !running && File.Exists(runDirectory.SocketPath),
            StalePidFile: !running && pidFile is not null);
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
