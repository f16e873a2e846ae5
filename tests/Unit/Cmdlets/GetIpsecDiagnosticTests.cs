using System.Net;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Memory;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec barf as Get-IpsecDiagnostic: one report, every secret redacted wherever it could hide.</summary>
public sealed class GetIpsecDiagnosticTests : IDisposable
{
    private readonly HostedShell _shell = PowerShellFixture.NewShell();
    private readonly string _directory = Directory.CreateTempSubdirectory("swanshell-barf-").FullName;

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every spelling a secret may take in text.</summary>
    private static string[] Spellings(byte[] secret) =>
        [System.Text.Encoding.UTF8.GetString(secret), Convert.ToHexStringLower(secret), Convert.ToHexString(secret), Convert.ToBase64String(secret)];

    private (IpsecDiagnostic Report, string Everything) Barf(string runDirectory)
    {
        var path = Path.Combine(_directory, "barf.txt");
        var report = (IpsecDiagnostic)_shell.Run($"Get-IpsecDiagnostic -Path '{path}' -PassThru -RunDirectory '{runDirectory}'").Single().BaseObject;
        var rendered = _shell.Render($"Get-IpsecDiagnostic -RunDirectory '{runDirectory}'");
        var everything = string.Join("\n",
        [
            File.ReadAllText(path), report.ToText(), rendered, _shell.Text, _shell.ErrorText,
            .. report.Sections.Select(s => s.Text), .. report.Problems, .. _shell.Streams.Warning.Select(w => w.Message),
        ]);
        return (report, everything);
    }

    [Fact]
    public void Report_OfTwoDaemonsWithATunnel_HasEveryPart_AndThePskNowhere_EvenWhenItLeakedIntoTheLog()
    {
        using var daemons = new TwoDaemons();
        _shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");
        // A secret that reached the log by mistake must still not reach the report.
        File.AppendAllText(daemons.West.RunDirectory.LogFilePath, $"a careless line: psk={TwoDaemons.Psk}\n");

        var (report, everything) = Barf(daemons.West.Path);

        Assert.Empty(_shell.Streams.Error);
        Assert.True(report.Service.Running);
        Assert.Equal(ConnectionState.Established, Assert.Single(report.Connections).State);
        Assert.Equal(1, report.GlobalStatus?.ChildSas);
        Assert.Equal(2, report.KernelState?.Sas.Count);
        Assert.Contains("net.ipv4.ip_forward", report.Sysctls.Keys);
        Assert.Equal(
            ["XFRM state, keys redacted", "XFRM policy", "addresses", "IPv4 routes", "IPv6 routes", "routing rules", "configuration", "secrets, redacted", "daemon log, last 200 lines"],
            report.Sections.Select(s => s.Title));
        Assert.Contains("@west @east : PreSharedKey [redacted]", report.Sections.Single(s => s.Title == "secrets, redacted").Text, StringComparison.Ordinal);
        Assert.Contains("a careless line: psk=[redacted]", everything, StringComparison.Ordinal);
        Assert.Contains("== kernel state of the daemon (Memory back end, keys never shown) ==", everything, StringComparison.Ordinal);
        foreach (var spelling in Spellings(System.Text.Encoding.UTF8.GetBytes(TwoDaemons.Psk)))
        {
            Assert.DoesNotContain(spelling, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SaKeysInTheDaemonsKernel_AppearNowhere_OnlyTheirLength()
    {
        byte[] canary = [.. "SA-KEY-CANARY-0123456789abcdef"u8, 0xde, 0xad, 0xbe, 0xef];
        using var run = new TempRunDirectory();
        var secretsPath = Path.Combine(run.Path, "ipsec.secrets");
        File.WriteAllText(secretsPath, string.Empty);
        using var kernel = new MemoryKernel();
        kernel.AddSa(new KernelSa(new KernelSaId(IPAddress.Parse("192.0.2.2"), 0xc0ffee01, IpsecProtocol.Esp), IPAddress.Parse("192.0.2.1"), 7, IpsecMode.Tunnel,
            new SaAlgorithms(20, canary), new KernelLifetime()));
        using var log = new DaemonLog(null, null);
        var options = new DaemonOptions { RunDirectory = run.RunDirectory, ConfigPath = Path.Combine(run.Path, "ipsec.conf"), KernelBackend = KernelBackendKind.Memory };
        var core = new DaemonCore(options, kernel, new ListenAddressSource(IPAddress.Loopback), secretsPath, new CertificateStore(Path.Combine(run.Path, "nss")), log, () => { });
        var server = new ControlServer(run.RunDirectory.SocketPath, core, new ControlAccessPolicy(0), _ => { });
        server.Start();
        try
        {
            var (report, everything) = Barf(run.Path);

            var sa = Assert.Single(report.KernelState!.Sas);
            Assert.Equal(("c0ffee01", 7u), (sa.Spi, sa.Reqid));
            Assert.Contains($"({canary.Length * 8}-bit key)", sa.Algorithms, StringComparison.Ordinal);
            foreach (var spelling in Spellings(canary).Append("SA-KEY-CANARY"))
            {
                Assert.DoesNotContain(spelling, everything, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            await server.DisposeAsync();
            await core.DisposeAsync();
        }
    }

    [Fact]
    public void WithoutADaemon_TheReportIsStillMade_AndSaysWhatIsMissing()
    {
        using var run = new TempRunDirectory();
        var config = Path.Combine(run.Path, "ipsec.conf");
        File.WriteAllText(config, $"config setup\n    secretsfile={run.Path}/ipsec.secrets\n\nconn a\n    left=192.0.2.1\n    right=192.0.2.2\n    authby=secret\n");
        File.WriteAllText(Path.Combine(run.Path, "ipsec.secrets"), "192.0.2.1 192.0.2.2 : PSK 0x6e6f2d6f6e652d73686f756c642d736565\n");

        var report = (IpsecDiagnostic)_shell.Run($"Get-IpsecDiagnostic -Config '{config}' -RunDirectory '{run.Path}'").Single().BaseObject;

        Assert.False(report.Service.Running);
        Assert.Null(report.GlobalStatus);
        Assert.Empty(report.Connections);
        Assert.Contains(report.Problems, p => p.StartsWith("the daemon's status: The SwanShell daemon is not running", StringComparison.Ordinal));
        Assert.Contains(report.Sections, s => s.Source == config && s.Text.Contains("conn a", StringComparison.Ordinal));
        var text = report.ToText();
        Assert.DoesNotContain("6e6f2d6f6e652d73686f756c642d736565", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("no-one-should-see", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_RefusesToOverwriteWithoutForce_WritesMode0600_AndWhatIfWritesNothing()
    {
        using var run = new TempRunDirectory();
        var path = Path.Combine(_directory, "report.txt");

        _shell.Run($"Get-IpsecDiagnostic -Path '{path}' -WhatIf -RunDirectory '{run.Path}'");
        Assert.False(File.Exists(path));

        Assert.Empty(_shell.Run($"Get-IpsecDiagnostic -Path '{path}' -RunDirectory '{run.Path}'"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.StartsWith("SwanShell diagnostic report (ipsec barf)", File.ReadAllText(path), StringComparison.Ordinal);

        File.WriteAllText(path, "old");
        _shell.Run($"Get-IpsecDiagnostic -Path '{path}' -RunDirectory '{run.Path}'");
        Assert.Equal("DiagnosticFileExists,SwanShell.Commands.GetIpsecDiagnosticCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
        Assert.Equal("old", File.ReadAllText(path));

        _shell.Run($"Get-IpsecDiagnostic -Path '{path}' -Force -RunDirectory '{run.Path}'");
        Assert.StartsWith("SwanShell diagnostic report", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
