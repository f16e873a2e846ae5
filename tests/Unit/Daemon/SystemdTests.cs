using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Systemd;
using SwanShell.UnitTests.Cli;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>sd_notify readiness against a fake $NOTIFY_SOCKET, the detection of systemd, and the unit file.</summary>
public sealed class SystemdTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("swanshell-systemd-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A datagram socket standing in for systemd's notify socket.</summary>
    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 20000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
    }

    [Fact]
    public void Ready_SendsReadyStatusAndMainPid_InOneDatagram()
    {
        var path = Path.Combine(_directory, "notify");
        using var systemd = Listen(path);

        Assert.True(new SystemdNotifier(path).Ready("listening"));

        Assert.Equal($"READY=1\nSTATUS=listening\nMAINPID={Environment.ProcessId}\n", Receive(systemd));
    }

    [Fact]
    public void AnAbstractSocket_NamedWithAnAt_IsReached()
    {
        var name = $"swanshell-test-{Guid.NewGuid():N}";
        using var systemd = Listen($"\0{name}");

        Assert.True(new SystemdNotifier($"@{name}").Stopping("bye"));

        Assert.Equal("STOPPING=1\nSTATUS=bye\n", Receive(systemd));
    }

    [Fact]
    public void WithoutNotifySocket_NothingIsSent()
    {
        var notifier = new SystemdNotifier(null);

        Assert.False(notifier.Enabled);
        Assert.False(notifier.Ready("listening"));
    }

    [Fact]
    public async Task TheDaemon_UnderAFakeSystemd_SaysReadyOnceItAnswers_AndStoppingWhenAskedToStop()
    {
        var path = Path.Combine(_directory, "notify");
        using var systemd = Listen(path);
        using var run = new TempRunDirectory();
        var start = new ProcessStartInfo(SwanShellProcess.Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["pluto", "--nofork", "--rundir", run.Path, "--config", Path.Combine(run.Path, "none.conf"), "--kernel", "memory", "--ike-port", "0", "--nat-port", "0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[SystemdNotifier.SocketVariable] = path;
        using var daemon = Process.Start(start)!;
        try
        {
            var ready = Receive(systemd);
            var info = await DaemonService.HelloAsync(run.RunDirectory, CancellationToken.None);
            await DaemonService.StopAsync(run.RunDirectory, TimeSpan.FromSeconds(20), CancellationToken.None);
            var stopping = Receive(systemd);

            Assert.StartsWith("READY=1\n", ready, StringComparison.Ordinal);
            Assert.Contains($"MAINPID={daemon.Id}\n", ready, StringComparison.Ordinal);
            Assert.Equal(daemon.Id, info?.ProcessId);
            Assert.StartsWith("STOPPING=1\n", stopping, StringComparison.Ordinal);
            Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.Equal(0, daemon.ExitCode);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }
        }
    }

    [Fact]
    public void Detection_NeedsSystemdAsInit_AndTheUnitInstalled()
    {
        var host = new SystemdHost(_directory);
        Assert.False(host.Booted);
        Assert.False(host.ManagesDaemon);

        Directory.CreateDirectory(Path.Combine(_directory, "run/systemd/system"));
        Assert.True(host.Booted);
        Assert.Null(host.UnitPath);
        Assert.False(host.ManagesDaemon);

        var unit = Path.Combine(_directory, "usr/lib/systemd/system", SystemdHost.UnitName);
        Directory.CreateDirectory(Path.GetDirectoryName(unit)!);
        File.WriteAllText(unit, "[Service]\n");
        Assert.Equal(unit, host.UnitPath);
        Assert.True(host.ManagesDaemon);
    }

    [Fact]
    public void SetupStart_WhereSystemdDoesNotManageTheDaemon_StartsItDirectly()
    {
        Assert.False(new SystemdHost().ManagesDaemon, "this test expects a host without the SwanShell unit installed");
        using var shell = PowerShellFixture.NewShell();

        shell.Run("Invoke-IpsecSetup -Action Start -WhatIf");

        Assert.Contains("What if: Starting the SwanShell daemon:", shell.Text, StringComparison.Ordinal);
        Assert.Contains(" pluto --rundir /run/swanshell ", shell.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl", shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnit_IsTypeNotify_AndStartsTheDaemonInTheForeground_WithOptionsItAccepts()
    {
        var unit = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "packaging", "swanshell.service"));

        Assert.Contains("Type=notify", unit);
        var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        Assert.Equal(["/usr/bin/swanshell", "pluto", "--nofork"], execStart[..3]);
        var options = DaemonOptions.Parse(execStart[2..]);
        Assert.True(options.Foreground);
        Assert.Equal(RunDirectory.DefaultPath, options.RunDirectory.Path);
        Assert.Contains($"RuntimeDirectory={Path.GetFileName(RunDirectory.DefaultPath)}", unit);
    }
}
