namespace SwanShell.Cli.Hosting;

/// <summary>Where the host reads what a user types: the console, or scripted answers in tests.</summary>
public interface IHostInput
{
    /// <summary>One line, or null at end of input.</summary>
    string? ReadLine();

    /// <summary>One line without echo, or null at end of input.</summary>
    string? ReadSecretLine();
}
