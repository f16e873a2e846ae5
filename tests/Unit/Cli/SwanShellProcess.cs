using System.Diagnostics;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cli;

/// <summary>What a run of the swanshell executable printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real swanshell executable (the app host the build put beside the tests), as a user would.</summary>
public static class SwanShellProcess
{
    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "SwanShell.Cli");

    /// <summary>A guard against hangs, not a speed limit: on two loaded cores a run that starts daemons takes a minute.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    public static ProcessResult Run(IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        return ProcessCompletion.Wait(process, Patience, standardInput ?? string.Empty);
    }
}
