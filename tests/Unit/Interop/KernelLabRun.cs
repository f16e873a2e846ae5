using System.Diagnostics;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Interop;

/// <summary>
/// One run of tests/Interop/lab/interop.sh with every scenario: it boots a Debian kernel under qemu (installing what it
/// needs), runs SwanShell against libreswan and itself through kernel ESP, and leaves one result file per scenario.
/// </summary>
public sealed class KernelLabRun : IDisposable
{
    /// <summary>Generous for a guest that boots in ~25 s and runs the scenarios in 10-15 minutes on a quiet machine: TCG slows down badly under load.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(65);

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("swanshell-interop-");

    public KernelLabRun()
    {
        var root = RepositoryRoot.Path;
        var start = new ProcessStartInfo(Path.Combine(root, "tests", "Interop", "lab", "interop.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--configuration");
        start.ArgumentList.Add(Configuration());
        start.ArgumentList.Add("--results");
        start.ArgumentList.Add(_results.FullName);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("interop.sh did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        Output = $"{output.Result}{error.Result}";
        ExitCode = process.HasExited ? process.ExitCode : -1;
    }

    /// <summary>What interop.sh printed: the per-scenario summary and where the logs are.</summary>
    public string Output { get; }

    public int ExitCode { get; }

    /// <summary>The scenario's result file: PASS or FAIL: reason, then its timings and checks; null when it has none.</summary>
    public string? Result(string scenario)
    {
        var path = Path.Combine(_results.FullName, $"{scenario}.result");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public void Dispose() => _results.Delete(recursive: true);

    /// <summary>The configuration these tests were built in (bin/&lt;Configuration&gt;/net10.0): the lab runs the same build.</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
}
