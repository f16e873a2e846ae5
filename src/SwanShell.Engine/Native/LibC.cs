using System.Runtime.InteropServices;

namespace SwanShell.Engine.Native;

/// <summary>The few libc calls .NET does not expose: advisory file locks on raw descriptors, sessions, signals.</summary>
internal static partial class LibC
{
    public const int ORdOnly = 0x0;
    public const int ORdWr = 0x2;
    public const int OCreat = 0x40;
    public const int OCloExec = 0x80000;

    public const int LockSh = 1;
    public const int LockEx = 2;
    public const int LockNb = 4;
    public const int LockUn = 8;

    public const int EWouldBlock = 11;
    public const int ESrch = 3;
    public const int EPerm = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static unsafe partial nint PWrite(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    /// <summary>
    /// Whether a process is alive: it exists (signal 0 probes without sending anything) and has not exited.
    /// A process that exited is a zombie waiting for its parent to reap it; its main thread turns zombie
    /// before the other threads are gone and its files (and so its locks) released, so it counts as
    /// exited only once it is down to that one thread.
    /// </summary>
    public static bool ProcessAlive(int pid) =>
        pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPerm) && !HasExited(pid);

    private static bool HasExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') && Directory.GetDirectories($"/proc/{pid}/task").Length <= 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // Gone while we looked.
        }
    }
}
