using SwanShell.Cli.Classic;
using SwanShell.Cli.Hosting;
using SwanShell.Engine;
using SwanShell.Engine.Daemon;

namespace SwanShell.Cli;

/// <summary>
/// The <c>swanshell</c> command line. With pwsh's own options it is a PowerShell with the SwanShell
/// module loaded: <c>-Command</c>, <c>-File</c>, or an interactive prompt.
/// </summary>
public static class CommandLine
{
    /// <summary>pwsh's exit code for a bad command line.</summary>
    public const int UsageExitCode = 64;

    public const string Usage = """
        Usage: swanshell [-NoLogo] [-NoProfile] [-NonInteractive]
                         [-Command <script> | -Command - | -File <path.ps1> [args] | <path.ps1> [args]]
               swanshell -Version | -Help
               swanshell ipsec <command> [args]      (libreswan's command line; 'swanshell ipsec --help')
               swanshell pluto [--nofork] [--rundir DIR] [--config FILE] [--kernel xfrm|memory] [--ike-port PORT] [--nat-port PORT]

        A PowerShell with the SwanShell module loaded, for machines without pwsh.
          -Command, -c   Run the script text (the remaining arguments, joined). '-' reads it from standard input.
          -File, -f      Run a script file; the remaining arguments are its parameters.
          (nothing)      An interactive prompt with history. Leave with 'exit' or Ctrl+D.
          ipsec          libreswan's ipsec command line (auto, setup, ...) translated onto the cmdlets.
          pluto          The SwanShell IKE daemon (normally started by Invoke-IpsecSetup -Action Start).
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var i = 0;
        while (i < args.Length && args[i].ToLowerInvariant() is "-nologo" or "-noprofile" or "-noninteractive" or "-nop" or "-noni")
        {
            i++;
        }

        if (i == args.Length)
        {
            return Interactive(output, error);
        }

        if (args[i] == "pluto")
        {
            return PlutoCommandLine.Run(args[(i + 1)..], error);
        }

        if (args[i] == "ipsec")
        {
            return ClassicCommandLine.Run(args[(i + 1)..], output, error);
        }

        var option = args[i].ToLowerInvariant();
        switch (option)
        {
            case "-version" or "-v" or "--version":
                output.WriteLine($"{ProductInfo.Name} {ProductInfo.Version}");
                return 0;
            case "-help" or "-h" or "-?" or "--help" or "/?":
                output.WriteLine(Usage);
                return 0;
            case "-command" or "-c":
                if (i + 1 == args.Length)
                {
                    return UsageError(error, "Missing the script text after -Command.");
                }

                var script = args[i + 1] == "-" ? Console.In.ReadToEnd() : string.Join(' ', args[(i + 1)..]);
                return WithSession(output, error, s => s.RunCommand(script));
            case "-file" or "-f":
                if (i + 1 == args.Length)
                {
                    return UsageError(error, "Missing the script path after -File.");
                }

                return WithSession(output, error, s => s.RunFile(args[i + 1], args[(i + 2)..]));
            default:
                if (option.StartsWith('-'))
                {
                    return UsageError(error, $"Unknown option '{args[i]}'.");
                }

                return WithSession(output, error, s => s.RunFile(args[i], args[(i + 1)..]));
        }
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine(Usage);
        return UsageExitCode;
    }

    private static int WithSession(TextWriter output, TextWriter error, Func<PowerShellSession, int> run)
    {
        var host = new SwanShellHost(output, error, new ConsoleHostInput(), HostOptions.ForConsole());
        using var session = new PowerShellSession(host, PowerShellSession.DefaultModulePath);
        return session.ModuleLoaded ? run(session) : 1;
    }

    private static int Interactive(TextWriter output, TextWriter error)
    {
        var host = new SwanShellHost(output, error, new ConsoleHostInput(), HostOptions.ForConsole());
        using var session = new PowerShellSession(host, PowerShellSession.DefaultModulePath);
        output.WriteLine($"{ProductInfo.Name} {ProductInfo.Version} — PowerShell {System.Management.Automation.PSVersionInfo.PSVersion} with the SwanShell module. Type 'Get-Command -Module SwanShell', or 'exit'.");
        var reader = new ConsoleLineReader((line, cursor) =>
        {
            var completion = session.Complete(line, cursor);
            return (completion.ReplacementIndex, completion.ReplacementLength, completion.CompletionMatches.Select(m => m.CompletionText).ToList());
        });
        return session.RunInteractive(reader);
    }
}
