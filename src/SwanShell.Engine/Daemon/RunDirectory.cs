namespace SwanShell.Engine.Daemon;

/// <summary>
/// The files of one daemon instance: control socket, pid file, lock file and log. One directory per
/// instance, so tests and demos run several daemons side by side without root.
/// </summary>
public sealed record RunDirectory(string Path)
{
    public const string DefaultPath = "/run/swanshell";

    public string SocketPath => System.IO.Path.Combine(Path, "pluto.ctl");

    public string PidFilePath => System.IO.Path.Combine(Path, "pluto.pid");

    public string LockFilePath => System.IO.Path.Combine(Path, "pluto.lock");

    public string LogFilePath => System.IO.Path.Combine(Path, "pluto.log");

    /// <summary>Names the kernel back end while the daemon runs, so that stop can clean its kernel state after a crash.</summary>
    public string KernelFilePath => System.IO.Path.Combine(Path, "pluto.kernel");

    /// <summary>The directory given, else $SWANSHELL_RUNDIR, else /run/swanshell.</summary>
    public static RunDirectory Resolve(string? path) =>
        new(System.IO.Path.GetFullPath(path ?? Environment.GetEnvironmentVariable("SWANSHELL_RUNDIR") ?? DefaultPath));

    /// <summary>Creates the directory private to the daemon's user (the socket inside is 0600 as well).</summary>
    public void Create() =>
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
