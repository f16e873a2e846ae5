namespace SwanShell.Cli.Hosting;

/// <summary>How the host renders: colours (VT sequences) on a terminal, plain text otherwise.</summary>
/// <param name="UseColor">Keep VT colour sequences and colour errors, warnings and verbose lines.</param>
/// <param name="Width">Characters per line for table formatting.</param>
/// <param name="ShowProgress">Draw progress records (on a terminal only; never into captured text).</param>
public sealed record HostOptions(bool UseColor, int Width, bool ShowProgress)
{
    /// <summary>Plain, 120 columns, no progress drawing: what tests and redirected output get.</summary>
    public static HostOptions Plain { get; } = new(UseColor: false, Width: 120, ShowProgress: false);

    /// <summary>Decides from the process's console: colour and progress only on a terminal, honouring NO_COLOR.</summary>
    public static HostOptions ForConsole()
    {
        var terminal = !Console.IsOutputRedirected;
        var width = terminal && Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        var color = terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new HostOptions(color, width, ShowProgress: terminal && !Console.IsErrorRedirected);
    }
}
