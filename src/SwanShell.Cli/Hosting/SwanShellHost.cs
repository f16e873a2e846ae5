using System.Globalization;
using System.Management.Automation.Host;
using SwanShell.Engine;

namespace SwanShell.Cli.Hosting;

/// <summary>
/// The PowerShell host of <c>swanshell</c>: output, prompts and progress go through text writers,
/// so the same host serves the console and the tests that capture what a user would see.
/// </summary>
public sealed class SwanShellHost(TextWriter output, TextWriter error, IHostInput input, HostOptions options) : PSHost
{
    private readonly SwanShellHostUserInterface _ui = new(output, error, input, options);

    public override string Name => ProductInfo.Name;

    public override Version Version { get; } = new(ProductInfo.Version.Split('-')[0]);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture { get; } = new("en-US");

    /// <summary>Set by <c>exit N</c> in a script.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    /// <summary>Forgets an earlier <c>exit</c>, before the next interactive line.</summary>
    internal void ClearExit() => ExitCode = null;

    public override void EnterNestedPrompt() =>
        throw new NotSupportedException("swanshell does not support nested prompts (Suspend); answer the prompt instead.");

    public override void ExitNestedPrompt() =>
        throw new NotSupportedException("swanshell does not support nested prompts.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
