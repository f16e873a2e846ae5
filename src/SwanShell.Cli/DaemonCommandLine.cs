using SwanShell.Engine.Daemon;

namespace SwanShell.Cli;

/// <summary><c>swanshell pluto [--nofork] [--rundir D] [--config F] [--kernel xfrm|memory] [--ike-port P] [--nat-port P]</c>: the daemon.</summary>
internal static class DaemonCommandLine
{
    public const string Usage = "Usage: swanshell pluto [--nofork] [--rundir DIR] [--config FILE] [--kernel xfrm|memory] [--ike-port PORT] [--nat-port PORT] [--control-gid GID]";

    public static int Run(IReadOnlyList<string> arguments, TextWriter error)
    {
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
