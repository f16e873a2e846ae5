using System.Management.Automation.Runspaces;
using SwanShell.Cli.Hosting;

namespace SwanShell.UnitTests.Hosting;

/// <summary>
/// The module as the build lays it out (the test output folder carries the manifest, views, help and
/// assemblies) and one prepared session state with it imported; every test gets its own runspace.
/// </summary>
public sealed class PowerShellFixture
{
    public static string ModuleDirectory { get; } = AppContext.BaseDirectory;

    public static string ModuleManifest { get; } = Path.Combine(ModuleDirectory, "SwanShell.psd1");

    private static readonly Lazy<InitialSessionState> SharedState = new(() => PowerShellSession.CreateSessionState(ModuleManifest));

    public static InitialSessionState SessionState => SharedState.Value;

    /// <summary>A fresh runspace with the module imported, capturing what a user would see.</summary>
    public static HostedShell NewShell(params string[] answers) => new(SessionState, answers);
}
