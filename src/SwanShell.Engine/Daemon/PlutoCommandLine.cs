namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's command line, <c>pluto [--nofork] [--rundir D] [--config F] [--kernel xfrm|memory] [--ike-port P]
/// [--nat-port P] [--control-gid GID]</c>: run as <c>swanshell pluto</c>, or by the daemon's own executable
/// <c>swanshell-pluto</c>, which takes the same command line.
/// </summary>
public static class PlutoCommandLine
{
    public const string Usage = "Usage: swanshell pluto [--nofork] [--rundir DIR] [--config FILE] [--kernel xfrm|memory] [--ike-port PORT] [--nat-port PORT] [--control-gid GID]";

    /// <param name="arguments">The options, after the word <c>pluto</c>.</param>
    /// <param name="error">Where a bad command line is explained.</param>
    public static int Run(IReadOnlyList<string> arguments, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        DaemonOptions options;
        try
        {
            options = DaemonOptions.Parse(arguments);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"swanshell pluto: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        return PlutoDaemon.RunAsync(options, error).GetAwaiter().GetResult();
    }
}
