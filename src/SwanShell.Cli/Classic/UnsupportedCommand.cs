namespace SwanShell.Cli.Classic;

/// <summary>A libreswan command SwanShell does not have yet: said plainly, with what to use meanwhile, exit code 2.</summary>
internal sealed class UnsupportedCommand(string name, string synopsis, string meanwhile) : IClassicCommand
{
    public string Name => name;

    public string Synopsis => $"{synopsis} (not yet supported)";

    public string Usage => $"Usage: ipsec {name} ... (not yet supported by SwanShell)";

    public ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context) =>
        new TextAction($"ipsec {name}: not yet supported by SwanShell; meanwhile, {meanwhile}.", ClassicCommandLine.UsageExitCode, ToStandardError: true);
}
