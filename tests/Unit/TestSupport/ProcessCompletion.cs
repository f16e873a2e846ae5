using System.Diagnostics;
using SwanShell.UnitTests.Cli;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>Waits for a started process (standard output and error redirected) to end, and gives what it printed.</summary>
public static class ProcessCompletion
{
    /// <param name="process">Started with its output and error redirected (and its input, for <paramref name="standardInput"/>).</param>
    /// <param name="patience">A guard against hangs, not a speed limit: past it the process is killed and this throws.</param>
    /// <param name="standardInput">Written to the process's input, which is then closed; null: nothing written.</param>
    public static ProcessResult Wait(Process process, TimeSpan patience, string? standardInput = null)
    {
        // Both pipes are read while it runs: a full pipe would stall it.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(patience))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish in {patience.TotalSeconds} s");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
