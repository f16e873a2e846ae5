using System.Runtime.InteropServices;
using System.Text;
using SwanShell.Engine.Native;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's lock file: holds the daemon's pid and is flock()ed for as long as it runs, so a lock
/// file whose lock is free was left by a daemon that died. Raw descriptors, because .NET's own
/// FileStream locking would stop readers from reading the pid while the lock is held.
/// </summary>
public sealed class DaemonLock : IDisposable
{
    private readonly string _path;
    private int _fd;

    private DaemonLock(string path, int fd)
    {
        _path = path;
        _fd = fd;
    }

    /// <summary>Takes the lock and writes <paramref name="pid"/>, or returns null when another daemon holds it.</summary>
    public static unsafe DaemonLock? TryAcquire(string path, int pid)
    {
        var fd = LibC.Open(path, LibC.ORdWr | LibC.OCreat | LibC.OCloExec, Convert.ToInt32("644", 8));
        if (fd < 0)
        {
            throw new IOException($"cannot open the lock file {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        if (LibC.Flock(fd, LibC.LockEx | LibC.LockNb) != 0)
        {
            LibC.Close(fd);
            return null;
        }

        var text = Encoding.ASCII.GetBytes($"{pid}\n");
        fixed (byte* p = text)
        {
            if (LibC.FTruncate(fd, 0) != 0 || LibC.PWrite(fd, p, text.Length, 0) != text.Length)
            {
                LibC.Close(fd);
                throw new IOException($"cannot write the lock file {path}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }

        return new DaemonLock(path, fd);
    }

    /// <summary>What the lock file says without taking it: whether it exists, the pid in it, and whether a live daemon holds it.</summary>
    public static unsafe LockFileState Inspect(string path)
    {
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec, 0);
        if (fd < 0)
        {
            return new LockFileState(Exists: false, ProcessId: null, Held: false);
        }

        try
        {
            var buffer = new byte[32];
            nint read;
            fixed (byte* p = buffer)
            {
                read = LibC.Read(fd, p, buffer.Length);
            }

            int? pid = read > 0 && int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)read).Trim(), out var value) ? value : null;
            var free = LibC.Flock(fd, LibC.LockSh | LibC.LockNb) == 0;
            return new LockFileState(Exists: true, pid, Held: !free);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>Removes the file, then drops the lock: a reader never sees a free lock on a file still in place.</summary>
    public void Dispose()
    {
        if (_fd < 0)
        {
            return;
        }

        File.Delete(_path);
        LibC.Close(_fd);
        _fd = -1;
    }
}

/// <summary>The lock file as found on disk.</summary>
public sealed record LockFileState(bool Exists, int? ProcessId, bool Held);
