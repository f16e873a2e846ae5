using System.Text.Json;

namespace SwanShell.UnitTests.Cli;

/// <summary>How the runtime that runs swanshell (and so the daemon) is configured.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Swanshell_runs_without_dynamic_PGO_so_hot_code_is_compiled_once_more_not_twice()
    {
        var config = Path.Combine(Path.GetDirectoryName(SwanShellProcess.Executable)!, "SwanShell.Cli.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(config));

        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
