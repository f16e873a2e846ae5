namespace SwanShell.Cli.Classic;

/// <summary>Options of ours that apply to every classic command.</summary>
/// <param name="RunDirectory">The daemon's run directory from <c>--rundir</c>; null leaves the cmdlets their default ($SWANSHELL_RUNDIR, else /run/swanshell).</param>
internal sealed record ClassicContext(string? RunDirectory);

/// <summary>One command of <c>ipsec &lt;command&gt;</c>: its help line, its usage, and its translation onto a cmdlet.</summary>
internal interface IClassicCommand
{
    string Name { get; }

    /// <summary>One line for <c>ipsec --help</c>.</summary>
    string Synopsis { get; }

    string Usage { get; }

    /// <exception cref="ClassicUsageException">The arguments do not fit the command.</exception>
    ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context);
}
