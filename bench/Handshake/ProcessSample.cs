using System.Globalization;

namespace SwanShell.Bench.Handshake;

/// <summary>CPU seconds (utime + stime, all threads) and resident memory of a process, from /proc, as driver.py reads them.</summary>
internal static class ProcessSample
{
    private const double ClockTicks = 100.0; // USER_HZ, 100 on Linux

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicks;
    }

    /// <summary>A field of /proc/PID/status in kB (VmRSS, VmHWM).</summary>
    public static long StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Busy CPU seconds of the whole machine (all CPUs), to tell how much else ran during the window.</summary>
    public static double MachineBusySeconds()
    {
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        return (values.Take(8).Sum() - idle) / ClockTicks;
    }
}
