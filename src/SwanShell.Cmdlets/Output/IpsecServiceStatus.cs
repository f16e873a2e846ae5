using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;

namespace SwanShell;

/// <summary>
/// <c>ipsec setup status</c> as an object: whether the daemon runs, its pid and the lock file's, and anything
/// strange found: "illicit" daemons (not the pid in the lock file), "orphaned" ones (no lock file), stale files.
/// </summary>
public sealed class IpsecServiceStatus
{
    internal IpsecServiceStatus(DaemonStatus status, DaemonInfo? info)
    {
        RunDirectory = status.RunDirectory.Path;
        Running = status.Running;
        ProcessId = status.ProcessId;
        LockFileProcessId = status.LockFileProcessId;
        Illicit = [.. status.Illicit];
        Orphaned = [.. status.Orphaned];
        StaleLockFile = status.StaleLockFile;
        StalePidFile = status.StalePidFile;
        StaleSocket = status.StaleSocket;
        IsHealthy = status.IsHealthy;
        Problems =
        [
            .. status.Illicit.Select(pid => $"illicit daemon pid {pid} (the lock file names pid {status.LockFileProcessId})"),
            .. status.Orphaned.Select(pid => $"orphaned daemon pid {pid} (no lock file)"),
            .. status.StaleLockFile ? [$"stale lock file (its daemon pid {status.LockFileProcessId} is gone)"] : Array.Empty<string>(),
            .. status.StalePidFile ? ["stale pid file"] : Array.Empty<string>(),
            .. status.StaleSocket ? ["stale control socket"] : Array.Empty<string>(),
        ];
        Version = info?.Version;
        KernelBackend = info?.KernelBackend;
        StartedAt = info?.StartedAt;
    }

    public string RunDirectory { get; }

    public bool Running { get; }

    public int? ProcessId { get; }

    public int? LockFileProcessId { get; }

    public int[] Illicit { get; }

    public int[] Orphaned { get; }

    public bool StaleLockFile { get; }

    public bool StalePidFile { get; }

    public bool StaleSocket { get; }

    /// <summary>What is strange, in words: the reasons <see cref="IsHealthy"/> is false.</summary>
    public string[] Problems { get; }

    /// <summary>Nothing strange found; the classic CLI exits 1 when this is false.</summary>
    public bool IsHealthy { get; }

    /// <summary>The running daemon's version, when it answered.</summary>
    public string? Version { get; }

    public string? KernelBackend { get; }

    public DateTimeOffset? StartedAt { get; }

    /// <summary>libreswan's one-line form: "IPsec running, pluto pid N" or "IPsec stopped".</summary>
    public override string ToString() => Running ? $"IPsec running, pluto pid {ProcessId}" : "IPsec stopped";
}
