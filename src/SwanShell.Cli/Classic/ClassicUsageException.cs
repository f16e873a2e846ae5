namespace SwanShell.Cli.Classic;

/// <summary>A classic command line that cannot be understood: reported with the command's usage, exit code 2.</summary>
internal sealed class ClassicUsageException(string message, string usage) : Exception(message)
{
    public string Usage { get; } = usage;
}
