using System.Diagnostics;
using System.Globalization;
using System.Text;
using SwanShell.Engine.Config;

// Writes an ipsec.conf of N conns (with %default and also=, as large sites write them), reads it
// a few times, and prints the best time. libreswan needed 22.5 s to load 1,000 conns before its fix.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var root = Directory.CreateTempSubdirectory("swanshell-bench-");
try
{
    var text = new StringBuilder("config setup\n\tuniqueids=yes\n\nconn %default\n\tikelifetime=8h\n\tauthby=secret\n\tleft=%defaultroute\n\tleftid=@gw.example.com\n\n");
    text.Append("conn hq\n\tleftsubnet=10.0.0.0/16\n\tike=aes_gcm256-sha2_512;dh19+dh20\n\tesp=aes_gcm256\n\n");
    for (var i = 0; i < count; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"conn branch{i}\n\talso=hq\n\tright=198.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n\trightid=@branch{i}.example.com\n\trightsubnet=10.{1 + (i >> 8) % 250}.{i & 255}.0/24\n\tdpddelay=30\n\tauto=add\n\n");
    }

    Directory.CreateDirectory(Path.Combine(root.FullName, "etc"));
    File.WriteAllText(Path.Combine(root.FullName, "etc", "ipsec.conf"), text.ToString());

    // Wall time is what a user waits; CPU time (this process, GC included) is steadier on a busy machine.
    var best = TimeSpan.MaxValue;
    var bestCpu = TimeSpan.MaxValue;
    IpsecConfiguration? config = null;
    using var process = Process.GetCurrentProcess();
    for (var run = 0; run < 5; run++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        config = IpsecConfReader.Read("/etc/ipsec.conf", root.FullName);
        best = clock.Elapsed < best ? clock.Elapsed : best;
        process.Refresh();
        bestCpu = process.TotalProcessorTime - cpu < bestCpu ? process.TotalProcessorTime - cpu : bestCpu;
    }

    Console.WriteLine($"conns: {config!.Connections.Count}, diagnostics: {config.Diagnostics.Count}, lines: {text.ToString().Count(c => c == '\n')}");
    Console.WriteLine($"parse {count} conns: {best.TotalMilliseconds:F1} ms wall, {bestCpu.TotalMilliseconds:F1} ms CPU (best of 5); {best.TotalMilliseconds * 1000 / count:F1} µs per conn");
    return config.Connections.Count == count ? 0 : 1;
}
finally
{
    root.Delete(recursive: true);
}
