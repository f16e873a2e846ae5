using System.Text.Json;

namespace SwanShell.UnitTests.Cli;

/// <summary>How the runtime that runs swanshell and the daemon (swanshell-pluto where it is not compiled ahead of time) is configured.</summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("SwanShell.Cli")]
    [InlineData("swanshell-pluto")]
    public void Each_executable_runs_without_dynamic_PGO_so_hot_code_is_compiled_once_more_not_twice(string executable)
    {
        var config = Path.Combine(Path.GetDirectoryName(SwanShellProcess.Executable)!, $"{executable}.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(config));

        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
