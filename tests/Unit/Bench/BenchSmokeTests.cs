using System.Diagnostics;
using System.Text.Json;
using SwanShell.UnitTests.Cli;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Bench;

/// <summary>
/// Each benchmark of bench/ run for a few SAs or conns, as bench/run.sh runs it, so that none rots: the hooks that
/// put SwanShell's daemon and engine in the strongSwan load test, the control-plane script, the crypto benchmarks.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly string Bench = Path.Combine(AppContext.BaseDirectory, "bench");
    private static readonly string Handshake = Path.Combine(AppContext.BaseDirectory, "Handshake");
    private static readonly string Crypto = Path.Combine(AppContext.BaseDirectory, "Crypto");

    [Fact]
    public void Handshake_hooks_bring_up_IKE_SAs_between_the_daemon_and_the_engine_and_report_them()
    {
        var port = TwoDaemons.FreePort();
        var work = Directory.CreateTempSubdirectory("swanshell-bench-smoke-");
        var environment = new Dictionary<string, string?>
        {
            ["SWANSHELL"] = SwanShellProcess.Executable,
            ["HANDSHAKE"] = Handshake,
            ["SS_RESP_ADDR"] = "127.0.0.1",
            ["SS_RESP_PORT"] = $"{port}",
            ["SS_NAT_PORT"] = $"{port - 1}",
            ["SS_INIT_PORT"] = $"{TwoDaemons.FreePort()}",
            ["SS_RESP_ID"] = "resp.ssload.test",
            ["SS_PSK"] = "ssload-preshared-key-0123456789abcdef",
            ["SS_IKE_PROPOSAL"] = "aes128gcm16-prfsha256-curve25519",
            ["SS_AUTH"] = "psk",
            ["SS_RESP_TS"] = "127.0.2.1/32",
            ["SS_INIT_TS"] = "127.0.1.1/32",
            ["SS_WORKDIR"] = work.FullName,
            ["SS_N"] = "5",
            ["SS_CONC"] = "2",
            ["SS_WARM"] = "1",
            ["SS_IDS"] = "3",
        };
        using var responder = Start("sh", [Path.Combine(Bench, "swanshell-responder.sh")], environment);
        responder.OutputDataReceived += (_, _) => { };
        responder.ErrorDataReceived += (_, _) => { };
        responder.BeginOutputReadLine();
        responder.BeginErrorReadLine();
        try
        {
            var socket = Path.Combine(work.FullName, "run", "pluto.ctl");
            Assert.True(SpinWait.SpinUntil(() => File.Exists(socket) || responder.HasExited, TimeSpan.FromSeconds(60)), "the responder hook did not start the daemon");
            Assert.False(responder.HasExited, "the responder hook exited");
            environment["SS_RESP_PID"] = $"{responder.Id}";

            var load = Run("sh", [Path.Combine(Bench, "swanshell-initiator.sh")], environment);
            var status = Run("sh", [Path.Combine(Bench, "swanshell-status.sh")], environment);

            Assert.True(load.ExitCode == 0, load.Error);
            using var json = JsonDocument.Parse(load.Output);
            Assert.Equal(5, json.RootElement.GetProperty("ok").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("failed").GetInt32());
            Assert.True(json.RootElement.GetProperty("sas_per_s").GetDouble() > 0);
            Assert.True(json.RootElement.GetProperty("resp_rss_before_kb").GetInt64() > 0);
            Assert.True(status.ExitCode == 0, status.Error);
            Assert.StartsWith("resp_ike_sas=6 status_ms=", status.Output.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            responder.Kill();
            responder.WaitForExit();
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Control_plane_script_times_start_status_adds_established_SAs_and_AsJob_bring_up_and_the_report_tabulates_them()
    {
        var work = Directory.CreateTempSubdirectory("swanshell-bench-smoke-");
        try
        {
            var scale = SwanShellProcess.Run(["-NoProfile", "-File", Path.Combine(Bench, "control-plane.ps1"), "-Count", "2,4", "-Singles", "2", "-Handshake", Handshake]);

            Assert.True(scale.ExitCode == 0, scale.Output + scale.Error);
            var lines = scale.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(6, lines.Length);
            Assert.StartsWith("SCALE count=2 start_ready_ms=", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("SAS count=2 sas_per_s=", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("UP count=2 up_ms=", lines[2], StringComparison.Ordinal);
            Assert.StartsWith("SCALE count=4 start_ready_ms=", lines[3], StringComparison.Ordinal);
            Assert.StartsWith("SAS count=4 sas_per_s=", lines[4], StringComparison.Ordinal);
            Assert.StartsWith("UP count=4 up_ms=", lines[5], StringComparison.Ordinal);
            Assert.Contains(" add_all_daemon_cpu_ms=", lines[3], StringComparison.Ordinal);
            Assert.Contains(" heap_per_sa_b=not-measured ", lines[4], StringComparison.Ordinal);
            Assert.Contains(" responder_cpu_ms=", lines[5], StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(work.FullName, "scale.txt"), scale.Output);
            var report = Run("python3", [Path.Combine(Bench, "report.py"), work.FullName], new Dictionary<string, string?>());
            Assert.True(report.ExitCode == 0, report.Error);
            Assert.Contains("## 2. Control-plane scale", report.Output, StringComparison.Ordinal);
            Assert.Matches(@"\| 4 \| [\d,]+ \[[\d,]+\] \| [\d.]+ \|", report.Output);
            Assert.Contains("### Established IKE SAs", report.Output, StringComparison.Ordinal);
            Assert.Matches(@"\| 4 \| [\d,]+ \| [\d.]+ \| -?[\d,]+ \| not measured \| [\d,]+ \[", report.Output);
            Assert.Contains("### Bringing tunnels up with Start-IpsecConnection -AsJob", report.Output, StringComparison.Ordinal);
            Assert.Matches(@"\| 4 \| [\d,]+ \| [\d,]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|", report.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Crypto_benchmarks_each_measure_a_time_per_operation()
    {
        var work = Directory.CreateTempSubdirectory("swanshell-bench-smoke-");
        try
        {
            var run = Run(Crypto, ["--filter", "*", "--inProcess", "--job", "dry"], new Dictionary<string, string?>(), work.FullName);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var results = Path.Combine(work.FullName, "BenchmarkDotNet.Artifacts", "results");
            var rows = Directory.GetFiles(results, "*-report.csv").SelectMany(f => File.ReadAllLines(f).Skip(1)).ToList();
            var methods = new[] { "ResponderKeyExchange", "SkeyseedAndIkeSaKeys", "PskAuthentication", "EcdsaP256VerifyAndSign", "Rsa2048VerifyAndSign", "ChildlessIkeSa" };
            Assert.All(methods, m => Assert.Contains(rows, r => r.StartsWith(m + ",", StringComparison.Ordinal)));
            // A benchmark that failed has no Mean, Error or Allocated.
            Assert.DoesNotContain(rows, r => r.EndsWith(",NA,NA,NA", StringComparison.Ordinal));
            // Eight groups for the key exchange alone, three for the engine, two each for key derivation and signatures.
            Assert.Equal(15, rows.Count);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Process Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? directory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? AppContext.BaseDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static ProcessResult Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? directory = null)
    {
        using var process = Start(file, arguments, environment, directory);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(180)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 180 s");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
