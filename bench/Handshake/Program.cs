using System.Diagnostics;
using System.Text.Json;
using SwanShell.Bench.Handshake;

// Closed-loop IKE SA setup with SwanShell's engine as the initiator. Prints one JSON object with the keys of the
// anchor's driver.py (ok, failed, wall_s, sas_per_s, latencies, cpu_s of each process), which strongswan/inner.sh
// turns into a RESULT line; the initiator's own memory is included, since no other process is the initiator.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"Handshake: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var self = Environment.ProcessId;
using var loop = new ClosedLoop(options);
if (options.Warmup > 0)
{
    // First use of crypto, JIT, thread pool: counted in "before", as the anchor's warm-up is.
    loop.Run(options.Remote, options.Warmup, 1, TimeSpan.FromSeconds(60));
    if (loop.Ok != options.Warmup)
    {
        Console.Error.WriteLine($"Handshake: warm-up failed: {string.Join("; ", loop.Errors.Select(e => $"{e.Value}x {e.Key}"))}");
        return 1;
    }

    Thread.Sleep(1000);
}

double Cpu(int pid) => pid > 0 ? ProcessSample.CpuSeconds(pid) : 0;
long Rss(int pid) => pid > 0 ? ProcessSample.StatusKb(pid, "VmRSS") : 0;

var respRssBefore = Rss(options.ResponderPid);
var initRssBefore = Rss(self);
var respCpu0 = Cpu(options.ResponderPid);
var initCpu0 = Cpu(self);
var busy0 = ProcessSample.MachineBusySeconds();
var start = Stopwatch.GetTimestamp();
loop.Run(options.Remote, options.Count, options.Concurrency, TimeSpan.FromSeconds(options.MaxSeconds));
var end = loop.LastCompletion > start ? loop.LastCompletion : Stopwatch.GetTimestamp();
var respCpu = Cpu(options.ResponderPid) - respCpu0;
var initCpu = Cpu(self) - initCpu0;
var busy = ProcessSample.MachineBusySeconds() - busy0;
var wall = (end - start) / (double)Stopwatch.Frequency;
GC.Collect();
var initRssAfter = Rss(self);

var latencies = loop.LatenciesMs.Order().ToArray();
double? Percentile(double q) => latencies.Length == 0 ? null : Math.Round(latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))], 1);

using var json = new Utf8JsonWriter(Console.OpenStandardOutput());
json.WriteStartObject();
json.WriteString("mode", "swanshell-engine");
json.WriteNumber("requested", options.Count);
json.WriteNumber("ok", loop.Ok);
json.WriteNumber("failed", loop.Failed);
json.WriteStartObject("errors");
foreach (var (error, count) in loop.Errors)
{
    json.WriteNumber(error, count);
}

json.WriteEndObject();
json.WriteNumber("wall_s", Math.Round(wall, 3));
json.WriteNumber("sas_per_s", wall > 0 ? Math.Round(loop.Ok / wall, 1) : 0);
foreach (var (name, q) in new[] { ("lat_ms_p50", 0.5), ("lat_ms_p90", 0.9), ("lat_ms_p99", 0.99) })
{
    if (Percentile(q) is { } value)
    {
        json.WriteNumber(name, value);
    }
    else
    {
        json.WriteNull(name);
    }
}

json.WriteStartObject("cpu_s");
json.WriteNumber("resp", Math.Round(respCpu, 2));
json.WriteNumber("init", Math.Round(initCpu, 2));
json.WriteEndObject();
json.WriteNumber("cpu_s_driver", 0);
json.WriteNumber("other_cpu_s", Math.Round(Math.Max(0, busy - respCpu - initCpu), 2));
json.WriteNumber("resp_rss_before_kb", respRssBefore);
json.WriteNumber("init_rss_before_kb", initRssBefore);
json.WriteNumber("init_rss_after_kb", initRssAfter);
json.WriteNumber("init_hwm_kb", ProcessSample.StatusKb(self, "VmHWM"));
json.WriteEndObject();
json.Flush();
Console.WriteLine();
return loop.Failed == 0 ? 0 : 1;
