using System.Management.Automation;
using SwanShell.Cli.Hosting;

namespace SwanShell.Cli.Classic;

/// <summary>
/// <c>swanshell ipsec &lt;command&gt; [args]</c>: libreswan's command line translated onto the cmdlets, run in the hosted
/// session, printed the way libreswan users know, and with the exit codes of ipsec(8), ipsec_auto(8) and ipsec_setup(8).
/// </summary>
internal static class ClassicCommandLine
{
    /// <summary>A command line we cannot understand, as getopt-style tools answer it.</summary>
    public const int UsageExitCode = 2;

    /// <summary>As libreswan's tools take <c>--nssdir</c>: the store, before <c>nssdir=</c> of <c>--config</c>'s config setup.</summary>
    private static readonly Dictionary<string, (string Parameter, string Placeholder)> StoreOptions = new() { ["--nssdir"] = ("StorePath", "DIR") };

    private static readonly IClassicCommand[] Commands =
    [
        new AutoCommand(),
        new SetupCommand(),
        new SimpleCommand("addconn", "check the configuration file", "Test-IpsecConfiguration", ClassicResults.ConfigCheck)
        {
            RequiredFlag = "--checkconfig",
            ConfigParameter = "Config",
        },
        new SimpleCommand("initnss", "create the certificate store", "Initialize-IpsecCertificateStore", ClassicResults.Views)
        {
            ConfigParameter = "Config",
            Options = StoreOptions,
        },
        new SimpleCommand("checknss", "check the certificate store, create it if missing; --settrusts trusts its CAs", "Test-IpsecCertificateStore", ClassicResults.CertificateStoreCheck)
        {
            Switches = new Dictionary<string, string> { ["--settrusts"] = "SetTrust" },
            ConfigParameter = "Config",
            Options = StoreOptions,
        },
        new SimpleCommand("import", "import a PKCS#12 (or PEM) file into the certificate store", "Import-IpsecCertificate", ClassicResults.Views)
        {
            Operand = ("Path", "FILE"),
            ConfigParameter = "Config",
            Options = StoreOptions,
        },
        new SimpleCommand("checknflog", "install the nftables NFLOG rules of nflog-group= and nflog-all=", "Enable-IpsecNflog", ClassicResults.Views)
        {
            ConfigParameter = "Config",
        },
        new SimpleCommand("stopnflog", "remove SwanShell's NFLOG rules", "Disable-IpsecNflog", ClassicResults.Views),
        new WhackCommand(),
        new SimpleCommand("barf", "dump the system's IPsec state for debugging, secrets redacted", "Get-IpsecDiagnostic", ClassicResults.Diagnostic)
        {
            ConfigParameter = "Config",
            AsksDaemon = true,
        },
    ];

    public static string Usage => """
        Usage: ipsec [--rundir DIR] <command> [argument ...]
               ipsec --help | --version | --directory
        """;

    public static string Help => $"""
        {Usage}

        Commands:
        {string.Join(Environment.NewLine, Commands.Select(c => $"  {c.Name,-11} {c.Synopsis}"))}

        Options of SwanShell:
          --rundir DIR  the daemon's run directory (default $SWANSHELL_RUNDIR, else /run/swanshell)

        Each command is a thin translation onto a cmdlet of the SwanShell module; see 'swanshell -Command Get-Command -Module SwanShell'.
        """;

    public static int Run(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        ClassicAction action;
        try
        {
            action = Translate(arguments);
        }
        catch (ClassicUsageException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine(e.Usage);
            return UsageExitCode;
        }

        switch (action)
        {
            case TextAction text:
                (text.ToStandardError ? error : output).WriteLine(text.Text);
                return text.ExitCode;
            case CmdletAction cmdlet:
                return Run(cmdlet, output, error);
            default:
                throw new InvalidOperationException($"No way to run {action}.");
        }
    }

    /// <summary>Translates a classic command line; pure, so tests can check every translation.</summary>
    /// <exception cref="ClassicUsageException">Unknown command or bad options.</exception>
    public static ClassicAction Translate(IReadOnlyList<string> arguments)
    {
        var reader = new ClassicArguments(arguments, "ipsec", Usage);
        string? runDirectory = null;
        var rest = new List<string>();
        // --rundir is ours and may stand anywhere, so it is taken out before the command sees its arguments.
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--rundir")
            {
                runDirectory = i + 1 < arguments.Count ? arguments[++i] : throw reader.Error("option '--rundir' needs a value");
            }
            else if (arguments[i].StartsWith("--rundir=", StringComparison.Ordinal))
            {
                runDirectory = arguments[i]["--rundir=".Length..];
            }
            else
            {
                rest.Add(arguments[i]);
            }
        }

        if (rest.Count == 0)
        {
            throw reader.Error("no command given; 'ipsec --help' lists them");
        }

        var context = new ClassicContext(runDirectory);
        var version = new PowerShellCommand("Get-IpsecVersion").ToString();
        return rest[0] switch
        {
            "--help" or "-h" or "help" => new TextAction(Help, 0),
            "--version" or "version" => new CmdletAction(version, ClassicResults.Version),
            "--directory" => new CmdletAction(version, ClassicResults.Directory),
            var name => Translate(Commands.FirstOrDefault(c => c.Name == name) ?? throw reader.Error($"unknown command '{name}'; 'ipsec --help' lists them"), [.. rest.Skip(1)], context),
        };
    }

    private static ClassicAction Translate(IClassicCommand command, IReadOnlyList<string> arguments, ClassicContext context) =>
        arguments is ["--help" or "-h"] ? new TextAction(command.Usage, 0) : command.Translate(arguments, context);

    private static int Run(CmdletAction action, TextWriter output, TextWriter error)
    {
        var host = new SwanShellHost(output, error, new ConsoleHostInput(), HostOptions.ForConsole());
        using var session = new PowerShellSession(host, PowerShellSession.DefaultModulePath);
        if (!session.ModuleLoaded)
        {
            return 1;
        }

        if (action.Echo)
        {
            // As the shell's -x: the command on standard error, marked with '+'.
            error.WriteLine($"+ {action.Command}");
        }

        var (objects, succeeded) = session.Collect(action.Command);
        return action.Result.Finish(objects, succeeded, new SessionOutput(session, output));
    }

    private sealed class SessionOutput(PowerShellSession session, TextWriter output) : IClassicOutput
    {
        public void Render(IEnumerable<PSObject> objects) => session.Render(objects);

        public void WriteLine(string line) => output.WriteLine(line);
    }
}
