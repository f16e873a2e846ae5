namespace SwanShell.Cli.Classic;

/// <summary>
/// A classic command that is one cmdlet with a few flags: <c>initnss</c>, <c>checknss [--settrusts]</c>, <c>import FILE</c>
/// (each with <c>--nssdir DIR</c> and <c>--config FILE</c>),
/// <c>checknflog</c>, <c>stopnflog</c>, <c>addconn --checkconfig</c>, <c>barf</c>. Described by a table entry, not code of its own.
/// </summary>
internal sealed class SimpleCommand(string name, string synopsis, string cmdlet, ClassicResult result) : IClassicCommand
{
    /// <summary>Classic flags and the cmdlet switch each becomes.</summary>
    public IReadOnlyDictionary<string, string> Switches { get; init; } = new Dictionary<string, string>();

    /// <summary>Classic options that take a value (<c>--nssdir DIR</c>), with the cmdlet parameter each becomes and the value's name in the usage text.</summary>
    public IReadOnlyDictionary<string, (string Parameter, string Placeholder)> Options { get; init; } = new Dictionary<string, (string, string)>();

    /// <summary>A flag the command cannot go without (<c>addconn --checkconfig</c>: it is the only mode we have).</summary>
    public string? RequiredFlag { get; init; }

    /// <summary>The cmdlet parameter <c>--config FILE</c> becomes; null when the command reads no configuration.</summary>
    public string? ConfigParameter { get; init; }

    /// <summary>Whether the cmdlet asks the daemon, and so takes <c>--rundir</c> as -RunDirectory.</summary>
    public bool AsksDaemon { get; init; }

    /// <summary>The cmdlet parameter the one required operand becomes, and its name in the usage text.</summary>
    public (string Parameter, string Placeholder)? Operand { get; init; }

    public string Name => name;

    public string Synopsis => synopsis;

    public string Usage
    {
        get
        {
            var parts = new List<string> { "Usage: ipsec", name };
            parts.AddRange(RequiredFlag is null ? [] : [RequiredFlag]);
            parts.AddRange(Switches.Keys.Select(flag => $"[{flag}]"));
            parts.AddRange(ConfigParameter is null ? [] : ["[--config FILE]"]);
            parts.AddRange(Options.Select(option => $"[{option.Key} {option.Value.Placeholder}]"));
            parts.AddRange(Operand is { } operand ? [operand.Placeholder] : []);
            return string.Join(' ', parts);
        }
    }

    public ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context)
    {
        var reader = new ClassicArguments(arguments, $"ipsec {Name}", Usage);
        var command = new PowerShellCommand(cmdlet);
        var required = RequiredFlag is null;
        string? operand = null;
        while (reader.Next() is { } argument)
        {
            if (argument == RequiredFlag)
            {
                required = true;
            }
            else if (Switches.TryGetValue(argument, out var parameter))
            {
                command.Switch(parameter);
            }
            else if (argument == "--config" && ConfigParameter is not null)
            {
                command.Parameter(ConfigParameter, reader.Value());
            }
            else if (Options.TryGetValue(argument, out var option))
            {
                command.Parameter(option.Parameter, reader.Value());
            }
            else if (ClassicArguments.IsOption(argument))
            {
                throw reader.Error($"unknown option '{argument}'");
            }
            else
            {
                operand = Operand is not null && operand is null ? argument : throw reader.Error($"unexpected argument '{argument}'");
            }
        }

        if (!required)
        {
            throw reader.Error($"{RequiredFlag} is the only mode of 'ipsec {name}' that SwanShell has");
        }

        if (Operand is { } expected)
        {
            command.Parameter(expected.Parameter, operand ?? throw reader.Error($"missing {expected.Placeholder}"));
        }

        command.Parameter("RunDirectory", AsksDaemon ? context.RunDirectory : null);
        return new CmdletAction(command.ToString(), result);
    }
}
