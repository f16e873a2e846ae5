namespace SwanShell.Internal;

/// <summary>
/// Where the daemon executable is: $SWANSHELL_DAEMON, else beside the module, else on PATH. Either executable takes
/// the command line <c>pluto [options]</c>: <c>swanshell-pluto</c>, the daemon alone (ahead-of-time compiled in a
/// platform publish), is taken before <c>swanshell</c>, which also hosts PowerShell.
/// </summary>
internal static class DaemonExecutable
{
    private static readonly string[] BesideTheModule = ["swanshell-pluto", "SwanShell.Cli"];
    private static readonly string[] OnPath = ["swanshell-pluto", "swanshell"];

    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("SWANSHELL_DAEMON") is { Length: > 0 } configured)
        {
            return configured;
        }

        var moduleDirectory = Path.GetDirectoryName(typeof(DaemonExecutable).Assembly.Location) ?? ".";
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return BesideTheModule.Select(name => Path.Combine(moduleDirectory, name))
            .Concat(OnPath.SelectMany(name => path.Select(directory => Path.Combine(directory, name))))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The SwanShell daemon executable was not found beside the module nor as 'swanshell-pluto' or 'swanshell' on PATH; set $env:SWANSHELL_DAEMON to its path.");
    }
}
