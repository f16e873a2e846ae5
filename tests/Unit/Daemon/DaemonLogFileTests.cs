using System.Text.RegularExpressions;
using SwanShell.Engine.Daemon;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary><c>config setup</c> logfile=, logappend=, logtime= and plutodebug= as a real daemon honours (or answers) them.</summary>
public sealed partial class DaemonLogFileTests : IDisposable
{
    private readonly string _logDirectory = Directory.CreateTempSubdirectory("swanshell-logs-").FullName;

    public void Dispose() => Directory.Delete(_logDirectory, recursive: true);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z pluto\[\d+\]: ")]
    private static partial Regex TimestampedLine();

    [Fact]
    public void Logfile_IsWhereTheDaemonLogs_AndTheRunDirectoryHasNoLog()
    {
        var logfile = Path.Combine(_logDirectory, "pluto.log");

        using var daemon = new DaemonFixture(setupText: $"    logfile={logfile}\n");

        Assert.Contains("daemon started", File.ReadAllText(logfile), StringComparison.Ordinal);
        Assert.False(File.Exists(daemon.RunDirectory.LogFilePath));
    }

    [Fact]
    public async Task Logfile_IsWhatTheDaemonReportsAsItsLog()
    {
        var logfile = Path.Combine(_logDirectory, "pluto.log");
        using var daemon = new DaemonFixture(setupText: $"    logfile={logfile}\n");

        var info = await DaemonService.HelloAsync(daemon.RunDirectory, CancellationToken.None);

        Assert.Equal(logfile, info?.LogFile);
    }

    [Fact]
    public void LogappendNo_StartsTheLogEmpty_AndLogappendYes_KeepsWhatItHad()
    {
        var truncated = Path.Combine(_logDirectory, "truncated.log");
        var appended = Path.Combine(_logDirectory, "appended.log");
        File.WriteAllText(truncated, "a line of an earlier run\n");
        File.WriteAllText(appended, "a line of an earlier run\n");

        using (new DaemonFixture(setupText: $"    logfile={truncated}\n    logappend=no\n"))
        using (new DaemonFixture(setupText: $"    logfile={appended}\n    logappend=yes\n"))
        {
            Assert.DoesNotContain("earlier run", File.ReadAllText(truncated), StringComparison.Ordinal);
            Assert.Contains("daemon started", File.ReadAllText(truncated), StringComparison.Ordinal);
            Assert.StartsWith("a line of an earlier run\n", File.ReadAllText(appended), StringComparison.Ordinal);
            Assert.Contains("daemon started", File.ReadAllText(appended), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LogtimeNo_LeavesTheTimeOffEachLine_AndTheDefaultPutsItOn()
    {
        using var without = new DaemonFixture(setupText: "    logtime=no\n");
        using var with = new DaemonFixture();

        var plain = File.ReadAllLines(without.RunDirectory.LogFilePath);
        var stamped = File.ReadAllLines(with.RunDirectory.LogFilePath);

        Assert.All(plain, line => Assert.Matches(@"^pluto\[\d+\]: ", line));
        Assert.Contains(plain, line => line.Contains("daemon started", StringComparison.Ordinal));
        Assert.All(stamped, line => Assert.Matches(TimestampedLine(), line));
    }

    [Fact]
    public void LogfileInADirectoryThatDoesNotExist_DaemonStillStarts_AndItsLogSaysWhichLineToFixAndHow()
    {
        var missing = Path.Combine(_logDirectory, "no-such-directory", "pluto.log");

        using var daemon = new DaemonFixture(setupText: $"    logfile={missing}\n");

        // config setup: line 1; secretsfile=, listen=, then logfile= on line 4, its value at column 13.
        var line = Assert.Single(daemon.Log.Split('\n'), l => l.Contains("cannot be written", StringComparison.Ordinal));
        Assert.Contains($"{daemon.ConfigPath}:4:13: logfile={missing} cannot be written (", line, StringComparison.Ordinal);
        Assert.EndsWith($"so the daemon logs to {daemon.RunDirectory.LogFilePath} instead; create its directory and let the daemon's user write there, or set logfile= to a file it can write", line, StringComparison.Ordinal);
        Assert.Contains("daemon started", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeLogfile_IsReportedWithItsLine_AndTheDaemonLogsToItsRunDirectory()
    {
        using var daemon = new DaemonFixture(setupText: "    logfile=pluto.log\n");

        Assert.Contains($"{daemon.ConfigPath}:4:13: warning: logfile=pluto.log is not an absolute path, so the daemon logs to pluto.log in its run directory instead; use an absolute path such as /var/log/pluto.log", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("daemon started", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Plutodebug_IsAnsweredInTheDaemonsLog_NotIgnoredInSilence()
    {
        using var daemon = new DaemonFixture(setupText: "    plutodebug=all\n");

        Assert.Contains($"{daemon.ConfigPath}:4:5: warning: 'plutodebug' is not supported by SwanShell: the daemon logs at one level", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("run its cmdlet with -Verbose (ipsec auto --verbose); it is ignored", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void GetIpsecDiagnostic_ReadsTheConfiguredLogfile()
    {
        var logfile = Path.Combine(_logDirectory, "pluto.log");
        using var daemon = new DaemonFixture(setupText: $"    logfile={logfile}\n");
        File.AppendAllText(logfile, "a line only the configured log has\n");
        using var shell = PowerShellFixture.NewShell();

        // -Config as well: should the daemon be slow to answer, the report finds the log through the config.
        var report = (IpsecDiagnostic)shell.Run($"Get-IpsecDiagnostic -Config '{daemon.ConfigPath}' -RunDirectory '{daemon.Path}'").Single().BaseObject;

        var section = Assert.Single(report.Sections, s => s.Title.StartsWith("daemon log", StringComparison.Ordinal));
        Assert.Equal(logfile, section.Source);
        Assert.Contains("a line only the configured log has", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GetIpsecDiagnostic_WithTheDaemonStopped_ReadsTheLogfileItsConfigNames()
    {
        var logfile = Path.Combine(_logDirectory, "pluto.log");
        var daemon = new DaemonFixture(setupText: $"    logfile={logfile}\n");
        var config = Path.Combine(_logDirectory, "ipsec.conf");
        File.Copy(daemon.ConfigPath, config);
        using var run = new TempRunDirectory();
        daemon.Dispose();
        using var shell = PowerShellFixture.NewShell();

        var report = (IpsecDiagnostic)shell.Run($"Get-IpsecDiagnostic -Config '{config}' -RunDirectory '{run.Path}'").Single().BaseObject;

        var section = Assert.Single(report.Sections, s => s.Title.StartsWith("daemon log", StringComparison.Ordinal));
        Assert.Equal(logfile, section.Source);
        Assert.Contains("stopped", section.Text, StringComparison.Ordinal);
    }
}
