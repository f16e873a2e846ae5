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

    /// <summary>The scenarios of bench/run.sh (its names), childless or with one Child SA each (the anchor's libipsec variant).</summary>
    [Theory]
    [InlineData("psk-x25519", "none")]
    [InlineData("psk-x25519", "libipsec")]
    [InlineData("ecdsa-p256", "none")]
    [InlineData("rsa2048", "none")]
    [InlineData("ecdsa-p256", "libipsec")]
    public void Handshake_hooks_bring_up_SAs_between_the_daemon_and_the_engine_and_report_them(string scenario, string child)
    {
        var port = TwoDaemons.FreePort();
        var work = Directory.CreateTempSubdirectory("swanshell-bench-smoke-");
        var certificates = work.CreateSubdirectory("certs");
        if (scenario != "psk-x25519")
        {
            AnchorCertificates.Write(certificates.FullName, rsa: scenario == "rsa2048", identities: 3);
        }

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
            // as strongswan/inner.sh's scenario_def: the certificate scenarios run over ECP-256
            ["SS_IKE_PROPOSAL"] = scenario == "psk-x25519" ? "aes128gcm16-prfsha256-curve25519" : "aes128gcm16-prfsha256-ecp256",
            ["SS_AUTH"] = scenario == "psk-x25519" ? "psk" : "pubkey",
            ["SS_CERT_DIR"] = certificates.FullName,
            ["SS_CHILD"] = child,
            ["SS_RESP_TS"] = "127.0.2.1/32",
            ["SS_INIT_TS"] = "127.0.1.1/32",
            ["SS_WORKDIR"] = work.FullName,
            ["SS_N"] = "5",
            ["SS_CONC"] = "2",
            ["SS_WARM"] = "1",
            ["SS_IDS"] = "3",
        };
        using var responder = Start("sh", [Path.Combine(Bench, "swanshell-responder.sh")], environment);
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        responder.OutputDataReceived += (_, e) => said.Enqueue(e.Data ?? string.Empty);
        responder.ErrorDataReceived += (_, e) => said.Enqueue(e.Data ?? string.Empty);
        responder.BeginOutputReadLine();
        responder.BeginErrorReadLine();
        try
        {
            var socket = Path.Combine(work.FullName, "run", "pluto.ctl");
            Assert.True(SpinWait.SpinUntil(() => File.Exists(socket) || responder.HasExited, TimeSpan.FromSeconds(120)), "the responder hook did not start the daemon");
            Assert.False(responder.HasExited, "the responder hook exited: " + string.Join('\n', said));
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
            // the warm-up's SA and the five, each with its Child SA in the Memory kernel back end when one was asked for
            Assert.StartsWith($"resp_ike_sas=6 resp_child_sas={(child == "none" ? 0 : 6)} status_ms=", status.Output.Trim(), StringComparison.Ordinal);
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
    public void Report_gives_Child_SA_rows_their_own_ratios_and_says_why_a_pair_failed()
    {
        var work = Directory.CreateTempSubdirectory("swanshell-bench-smoke-");
        try
        {
            static string Result(string scenario, string child, double rate, double cpu) =>
                $"RESULT impl=x scenario={scenario} child={child} n=10 ok=10 failed=0 resp_ike_sas=30 resp_child_sas={(child == "none" ? 0 : 30)} " +
                $"sas_per_s={rate} lat_ms_p50=1 lat_ms_p99=2 other_cpu_s=0 resp_cpu_ms_per_sa={cpu} init_cpu_ms_per_sa=1 resp_kb_per_sa=4";
            File.WriteAllLines(Path.Combine(work.FullName, "handshake.txt"),
            [
                "PAIR resp=strongswan init=strongswan scenario=psk-x25519 child=none", Result("psk-x25519", "none", 1000, 0.5),
                "PAIR resp=swanshell init=strongswan scenario=psk-x25519 child=none", Result("psk-x25519", "none", 1500, 0.25),
                "PAIR resp=strongswan init=strongswan scenario=psk-x25519 child=libipsec", Result("psk-x25519", "libipsec", 400, 2),
                "PAIR resp=swanshell init=strongswan scenario=psk-x25519 child=libipsec", Result("psk-x25519", "libipsec", 800, 0.5),
                "PAIR resp=strongswan init=swanshell scenario=rsa2048 child=none",
                "FAILED resp=strongswan init=swanshell scenario=rsa2048 child=none why=responder hook exited, see /tmp/x",
            ]);

            var report = Run("python3", [Path.Combine(Bench, "report.py"), work.FullName], new Dictionary<string, string?>());

            Assert.True(report.ExitCode == 0, report.Error);
            Assert.Contains("| psk-x25519 + Child SA | SwanShell ← strongSwan 5.9.8 | 10 / 10 | 800 | 0.50 |", report.Output, StringComparison.Ordinal);
            Assert.Contains("| 30 / 30 |", report.Output, StringComparison.Ordinal);
            Assert.Contains("| psk-x25519 | 1.50× | 0.50× |", report.Output, StringComparison.Ordinal);
            Assert.Contains("| psk-x25519 + Child SA | 2.00× | 0.25× |", report.Output, StringComparison.Ordinal);
            Assert.Contains("| rsa2048 | strongSwan 5.9.8 ← SwanShell | run failed: responder hook exited, see /tmp/x |", report.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("not yet", report.Output, StringComparison.Ordinal);
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
        return ProcessCompletion.Wait(process, TimeSpan.FromSeconds(180));
    }
}
