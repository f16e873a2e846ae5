using System.Globalization;

namespace SwanShell.Engine.Daemon;

/// <summary>Finds running SwanShell daemons of a run directory by their command lines in procfs.</summary>
public static class DaemonProcessScanner
{
    private static readonly HashSet<string> Executables = new(StringComparer.Ordinal) { "swanshell", "SwanShell.Cli", "SwanShell.Cli.dll", "swanshell-pluto", "swanshell-pluto.dll" };

    public static IReadOnlyList<int> Find(RunDirectory runDirectory, string procRoot = "/proc")
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // The process ended while we looked, or is not ours to see.
            }

            if (IsDaemonOf(arguments, runDirectory))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Whether a command line is `swanshell pluto ...` or `swanshell-pluto pluto ...` (directly or through `dotnet`) serving <paramref name="runDirectory"/>.</summary>
    public static bool IsDaemonOf(IReadOnlyList<string> arguments, RunDirectory runDirectory)
    {
        var executable = arguments.Take(2).Select((a, i) => (Name: Path.GetFileName(a), Index: i)).FirstOrDefault(a => Executables.Contains(a.Name));
        if (executable.Name is null || arguments.Count <= executable.Index + 1 || arguments[executable.Index + 1] != "pluto")
        {
            return false;
        }

        var options = arguments.Skip(executable.Index + 2).ToList();
        var at = options.IndexOf("--rundir");
        var served = at >= 0 && at + 1 < options.Count ? RunDirectory.Resolve(options[at + 1]) : new RunDirectory(RunDirectory.DefaultPath);
        return served.Path == runDirectory.Path;
    }
}
