using SwanShell.Engine.Daemon;

namespace SwanShell.UnitTests.Daemon;

public sealed class DaemonProcessScannerTests
{
    private static readonly RunDirectory Run = new("/tmp/run-a");

    [Theory]
    [InlineData("/usr/bin/swanshell pluto --rundir /tmp/run-a --nofork", true)]
    [InlineData("/opt/x/SwanShell.Cli pluto --config /etc/ipsec.conf --rundir /tmp/run-a", true)]
    [InlineData("/usr/bin/dotnet /opt/x/SwanShell.Cli.dll pluto --rundir /tmp/run-a", true)]
    [InlineData("/opt/x/swanshell-pluto pluto --rundir /tmp/run-a --nofork", true)]
    [InlineData("/usr/bin/dotnet /opt/x/swanshell-pluto.dll pluto --rundir /tmp/run-a", true)]
    [InlineData("/opt/x/swanshell-pluto pluto --rundir /tmp/run-b", false)]
    [InlineData("/usr/bin/swanshell pluto --rundir /tmp/run-b", false)]
    [InlineData("/usr/bin/swanshell -Command pluto --rundir /tmp/run-a", false)]
    [InlineData("/usr/bin/vim pluto --rundir /tmp/run-a", false)]
    [InlineData("/usr/bin/swanshell", false)]
    public void CommandLine_IsADaemonOfTheRunDirectory_OnlyWhenItServesIt(string commandLine, bool expected)
    {
        Assert.Equal(expected, DaemonProcessScanner.IsDaemonOf(commandLine.Split(' '), Run));
    }

    [Fact]
    public void CommandLine_WithoutRunDirectory_ServesTheDefault()
    {
        Assert.True(DaemonProcessScanner.IsDaemonOf(["swanshell", "pluto"], new RunDirectory(RunDirectory.DefaultPath)));
    }

    [Fact]
    public void Find_ReadsCommandLinesFromProcfs()
    {
        var proc = Directory.CreateTempSubdirectory("swanshell-proc-");
        try
        {
            Write(proc, "12", "swanshell\0pluto\0--rundir\0/tmp/run-a\0");
            Write(proc, "13", "swanshell\0pluto\0--rundir\0/tmp/run-b\0");
            Write(proc, "14", "bash\0");
            Directory.CreateDirectory(Path.Combine(proc.FullName, "self"));

            Assert.Equal([12], DaemonProcessScanner.Find(Run, proc.FullName));
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }

    private static void Write(DirectoryInfo proc, string pid, string cmdline)
    {
        var directory = Directory.CreateDirectory(Path.Combine(proc.FullName, pid));
        File.WriteAllText(Path.Combine(directory.FullName, "cmdline"), cmdline);
    }
}
