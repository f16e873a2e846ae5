namespace SwanShell.Cli.Classic;

/// <summary>
/// <c>ipsec auto [--show|--showonly] [--asynchronous] [--verbose] [--config F] OPERATION [NAME]</c>: each operation is
/// one cmdlet; <c>--show</c> echoes the command and adds -Verbose, <c>--showonly</c> is -WhatIf, <c>--asynchronous</c> -NoWait.
/// </summary>
internal sealed class AutoCommand : IClassicCommand
{
    /// <param name="Cmdlet">The cmdlet that does it.</param>
    /// <param name="TakesName">Needs a connection name (the others refuse one).</param>
    /// <param name="Result">How its output is printed.</param>
    /// <param name="Switch">A switch the operation adds to its cmdlet.</param>
    /// <param name="ChangesState">Supports -WhatIf (ShouldProcess).</param>
    /// <param name="ThenCmdlet">A cmdlet (without a name) that follows when the first succeeded.</param>
    private sealed record Operation(string Cmdlet, bool TakesName, ClassicResult Result, string? Switch = null, bool ChangesState = true, string? ThenCmdlet = null);

    private static readonly Dictionary<string, Operation> Operations = new(StringComparer.Ordinal)
    {
        ["--add"] = new("Add-IpsecConnection", TakesName: true, ClassicResults.Added),
        // ipsec_auto(8): --replace is --delete, --add and --rereadsecrets.
        ["--replace"] = new("Add-IpsecConnection", TakesName: true, ClassicResults.Added, Switch: "Replace", ThenCmdlet: "Update-IpsecSecret"),
        ["--delete"] = new("Remove-IpsecConnection", TakesName: true, ClassicResults.Views),
        ["--up"] = new("Start-IpsecConnection", TakesName: true, ClassicResults.Views),
        ["--down"] = new("Stop-IpsecConnection", TakesName: true, ClassicResults.Views),
        ["--route"] = new("Add-IpsecRoute", TakesName: true, ClassicResults.Views),
        ["--unroute"] = new("Remove-IpsecRoute", TakesName: true, ClassicResults.Views),
        ["--status"] = new("Get-IpsecStatus", TakesName: false, ClassicResults.Views, ChangesState: false),
        ["--rereadsecrets"] = new("Update-IpsecSecret", TakesName: false, ClassicResults.Views),
        ["--ready"] = new("Start-IpsecListener", TakesName: false, ClassicResults.Views),
    };

    public string Name => "auto";

    public string Synopsis => "add, delete, replace, up, down, route or unroute a connection; status; rereadsecrets";

    public string Usage => """
        Usage: ipsec auto [--show | --showonly] [--asynchronous] [--verbose] [--config FILE] [--rundir DIR] OPERATION [NAME]
          OPERATION with NAME:    --add --delete --replace --up --down --route --unroute
          OPERATION without NAME: --status --rereadsecrets --ready
        """;

    public ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context)
    {
        var reader = new ClassicArguments(arguments, $"ipsec {Name}", Usage);
        string? operationName = null;
        string? name = null;
        string? config = null;
        bool show = false, showOnly = false, asynchronous = false, verbose = false;
        while (reader.Next() is { } argument)
        {
            switch (argument)
            {
                case "--show": show = true; break;
                case "--showonly": showOnly = true; break;
                case "--asynchronous": asynchronous = true; break;
                case "--verbose": verbose = true; break;
                case "--config": config = reader.Value(); break;
                case var op when Operations.ContainsKey(op):
                    operationName = operationName is null ? op : throw reader.Error($"two operations: {operationName} and {op}");
                    break;
                case var option when ClassicArguments.IsOption(option):
                    throw reader.Error($"unknown option '{option}'");
                default:
                    name = name is null ? argument : throw reader.Error($"one connection name only, not '{name}' and '{argument}'");
                    break;
            }
        }

        if (operationName is null)
        {
            throw reader.Error("no operation given");
        }

        var operation = Operations[operationName];
        if (operation.TakesName && name is null)
        {
            throw reader.Error($"{operationName} needs a connection name");
        }

        if (!operation.TakesName && name is not null)
        {
            throw reader.Error($"{operationName} takes no connection name (got '{name}')");
        }

        var command = Common(new PowerShellCommand(operation.Cmdlet)
            .Parameter("Name", name)
            .Switch(operation.Switch)
            // --config names the file conns are read from: only adding reads it.
            .Parameter("Config", operation.Cmdlet == "Add-IpsecConnection" ? config : null)
            .Switch("NoWait", asynchronous && operationName == "--up")).ToString();
        if (operation.ThenCmdlet is { } then)
        {
            // A pipeline chain: the second runs only when the first wrote no error, as the shell's && does.
            command += $" && {Common(new PowerShellCommand(then))}";
        }

        PowerShellCommand Common(PowerShellCommand c) => c
            .Parameter("RunDirectory", context.RunDirectory)
            .Switch("Verbose", show || verbose)
            .Switch("WhatIf", showOnly && operation.ChangesState);

        return new CmdletAction(command, operation.Result, Echo: show);
    }
}
