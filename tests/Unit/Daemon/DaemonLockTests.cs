using SwanShell.Engine.Daemon;

namespace SwanShell.UnitTests.Daemon;

public sealed class DaemonLockTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("swanshell-lock-");

    private string LockPath => Path.Combine(_directory.FullName, "pluto.lock");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Acquired_IsHeldAndNamesItsProcess()
    {
        using var held = DaemonLock.TryAcquire(LockPath, 4242);

        Assert.NotNull(held);
        Assert.Equal(new LockFileState(Exists: true, ProcessId: 4242, Held: true), DaemonLock.Inspect(LockPath));
    }

    [Fact]
    public void SecondAcquire_WhileHeld_Fails()
    {
        using var first = DaemonLock.TryAcquire(LockPath, 1);

        Assert.Null(DaemonLock.TryAcquire(LockPath, 2));
        Assert.Equal(1, DaemonLock.Inspect(LockPath).ProcessId);
    }

    [Fact]
    public void Released_RemovesTheFile()
    {
        DaemonLock.TryAcquire(LockPath, 1)!.Dispose();

        Assert.Equal(new LockFileState(Exists: false, ProcessId: null, Held: false), DaemonLock.Inspect(LockPath));
    }

    [Fact]
    public void FileLeftByADeadDaemon_IsNotHeldAndCanBeTakenOver()
    {
        File.WriteAllText(LockPath, "999999\n");

        Assert.Equal(new LockFileState(Exists: true, ProcessId: 999999, Held: false), DaemonLock.Inspect(LockPath));
        using var taken = DaemonLock.TryAcquire(LockPath, 7);
        Assert.NotNull(taken);
        Assert.Equal(7, DaemonLock.Inspect(LockPath).ProcessId);
    }
}
