using SwanShell.Engine.Daemon;
using SwanShell.Engine.Native;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>A private run directory for one test's daemon; on dispose, kills what still runs in it and removes it.</summary>
public sealed class TempRunDirectory : IDisposable
{
    public TempRunDirectory() => RunDirectory = new RunDirectory(Directory.CreateTempSubdirectory("swanshell-run-").FullName);

    public RunDirectory RunDirectory { get; }

    public string Path => RunDirectory.Path;

    public void Dispose()
    {
        foreach (var pid in DaemonProcessScanner.Find(RunDirectory))
        {
            LibC.Kill(pid, 9);
        }

        Directory.Delete(Path, recursive: true);
    }
}
