namespace SwanShell.Cli.Hosting;

/// <summary>Reads interactive input lines and keeps their history.</summary>
public interface ILineReader
{
    /// <summary>Shows <paramref name="prompt"/> and reads one line; null at end of input.</summary>
    string? ReadLine(string prompt);

    void AddHistory(string line);
}
