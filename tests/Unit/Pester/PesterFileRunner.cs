using System.Collections.Concurrent;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Pester;

/// <summary>The outcome of one Pester <c>It</c>.</summary>
public sealed record PesterItResult(string Path, string Result, string Message);

/// <summary>
/// Runs tests/Pester/*.Tests.ps1 in the hosted engine through MiniPester.ps1: discovery lists each
/// It (so each is its own test case), and each file runs once, its results shared by its cases.
/// </summary>
public static class PesterFileRunner
{
    public const string DiscoveryFailed = "(discovery)";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, PesterItResult>>> Runs = new();

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Pester");

    private static string Runner { get; } = Path.Combine(AppContext.BaseDirectory, "PesterRunner", "MiniPester.ps1");

    /// <summary>The It paths of a file, or a single <see cref="DiscoveryFailed"/> entry when the file does not load.</summary>
    public static IReadOnlyList<string> Discover(string file)
    {
        using var shell = PowerShellFixture.NewShell();
        try
        {
            return [.. shell.Run(Script(file, discoveryOnly: true)).Select(o => (string)o.BaseObject)];
        }
        catch (System.Management.Automation.RuntimeException)
        {
            return [DiscoveryFailed];
        }
    }

    public static PesterItResult Result(string file, string itPath)
    {
        var results = Runs.GetOrAdd(file, f => new Lazy<IReadOnlyDictionary<string, PesterItResult>>(() => RunFile(f))).Value;
        return results.TryGetValue(itPath, out var result)
            ? result
            : new PesterItResult(itPath, "Failed", results.TryGetValue(DiscoveryFailed, out var failed) ? failed.Message : "the It did not run");
    }

    private static Dictionary<string, PesterItResult> RunFile(string file)
    {
        using var shell = PowerShellFixture.NewShell();
        try
        {
            return shell.Run(Script(file, discoveryOnly: false))
                .Select(o => new PesterItResult(
                    (string)o.Properties["Path"].Value,
                    (string)o.Properties["Result"].Value,
                    (string)o.Properties["Message"].Value))
                .GroupBy(r => r.Path)
                .ToDictionary(g => g.Key, g => g.First());
        }
        catch (System.Management.Automation.RuntimeException e)
        {
            return new() { [DiscoveryFailed] = new PesterItResult(DiscoveryFailed, "Failed", $"{e.ErrorRecord}\n{e.ErrorRecord.InvocationInfo?.PositionMessage}") };
        }
    }

    private static string Script(string file, bool discoveryOnly) =>
        $". '{Runner}'; Invoke-MiniPester -Path '{file}'{(discoveryOnly ? " -DiscoveryOnly" : string.Empty)}";
}
