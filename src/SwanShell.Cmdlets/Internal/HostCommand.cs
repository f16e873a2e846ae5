using System.ComponentModel;
using System.Diagnostics;

namespace SwanShell.Internal;

/// <summary>Runs a read-only host tool (<c>ip xfrm state</c>, <c>ip route</c>) for a report and returns what it printed.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>Its standard output, or why there is none.</returns>
    public static (string? Output, string? Problem) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var line = $"{program} {string.Join(' ', arguments)}";
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, $"'{line}' did not finish within {Timeout.TotalSeconds:0} s");
            }

            return process.ExitCode == 0
                ? (output.Result, null)
                : (null, $"'{line}' failed with exit code {process.ExitCode}: {error.Result.Trim()}");
        }
        catch (Win32Exception e)
        {
            return (null, $"'{line}' could not be run: {e.Message} (install iproute2)");
        }
    }
}
