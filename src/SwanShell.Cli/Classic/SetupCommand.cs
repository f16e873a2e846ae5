namespace SwanShell.Cli.Classic;

/// <summary>
/// <c>ipsec setup [--show|--showonly] start|stop|restart|status</c> onto Invoke-IpsecSetup. As ipsec_setup(8) says,
/// only start, stop and restart take the flags; status answers in one line and exits 1 if something strange is found.
/// </summary>
internal sealed class SetupCommand : IClassicCommand
{
    private static readonly Dictionary<string, (string Action, ClassicResult Result)> Commands = new(StringComparer.Ordinal)
    {
        ["start"] = ("Start", ClassicResults.ServiceStatus),
        ["restart"] = ("Restart", ClassicResults.ServiceStatus),
        // Stop prints nothing when all is well; its complaints are warnings, not running is an error (exit 1).
        ["stop"] = ("Stop", ClassicResults.Views),
        ["status"] = ("Status", ClassicResults.ServiceStatus),
    };

    public string Name => "setup";

    public string Synopsis => "start, stop or restart the IKE daemon, or report its status";

    public string Usage => "Usage: ipsec setup [--show | --showonly] [--rundir DIR] start|stop|restart|status";

    public ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context)
    {
        var reader = new ClassicArguments(arguments, $"ipsec {Name}", Usage);
        string? commandName = null;
        bool show = false, showOnly = false;
        while (reader.Next() is { } argument)
        {
            switch (argument)
            {
                case "--show": show = true; break;
                case "--showonly": showOnly = true; break;
                case var c when Commands.ContainsKey(c):
                    commandName = commandName is null ? c : throw reader.Error($"one command only, not '{commandName}' and '{c}'");
                    break;
                case var option when ClassicArguments.IsOption(option):
                    throw reader.Error($"unknown option '{option}'");
                default:
                    throw reader.Error($"unknown command '{argument}'");
            }
        }

        var (action, result) = commandName is null ? throw reader.Error("no command given") : Commands[commandName];
        var flags = commandName != "status";
        var command = new PowerShellCommand("Invoke-IpsecSetup")
            .Parameter("Action", action)
            .Parameter("RunDirectory", context.RunDirectory)
            .Switch("Verbose", flags && show)
            .Switch("WhatIf", flags && showOnly);
        return new CmdletAction(command.ToString(), result, Echo: flags && show);
    }
}
