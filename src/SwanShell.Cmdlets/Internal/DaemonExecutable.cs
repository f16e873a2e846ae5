namespace SwanShell.Internal;

/// <summary>Where the daemon executable is: $SWANSHELL_DAEMON, else beside the module, else `swanshell` on PATH.</summary>
internal static class DaemonExecutable
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("SWANSHELL_DAEMON") is { Length: > 0 } configured)
        {
            return configured;
        }

        var beside = Path.Combine(Path.GetDirectoryName(typeof(DaemonExecutable).Assembly.Location) ?? ".", "SwanShell.Cli");
        if (File.Exists(beside))
        {
            return beside;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "swanshell"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The SwanShell daemon executable was not found beside the module nor as 'swanshell' on PATH; set $env:SWANSHELL_DAEMON to its path.");
    }
}
