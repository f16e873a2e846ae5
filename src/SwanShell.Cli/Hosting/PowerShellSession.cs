using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SwanShell.Cli.Hosting;

/// <summary>
/// A runspace with the SwanShell module imported, run the way pwsh runs <c>-Command</c>, <c>-File</c>
/// and its interactive prompt: everything rendered through <c>Out-Default</c> and the format views,
/// errors as pwsh shows them, and pwsh's exit-code rules.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private const string LastStatusVariable = "global:__SwanShellLastStatus";

    private readonly SwanShellHost _host;
    private readonly Runspace _runspace;

    public PowerShellSession(SwanShellHost host, string modulePath)
    {
        _host = host;
        _runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        _runspace.Open();
        // Imported as a command, not through the session state, so a broken module is reported like any error.
        ModuleLoaded = Invoke($"Import-Module -Name '{modulePath.Replace("'", "''", StringComparison.Ordinal)}'", addToHistory: false) == Outcome.Succeeded;
    }

    /// <summary>False when the module failed to import; the error has been shown.</summary>
    public bool ModuleLoaded { get; }

    /// <summary>The module manifest shipped next to the executable.</summary>
    public static string DefaultModulePath => Path.Combine(AppContext.BaseDirectory, "SwanShell.psd1");

    public Runspace Runspace => _runspace;

    /// <summary>
    /// The engine's default session (CreateDefault2: the Core cmdlets only, no snap-ins, which need pwsh)
    /// with the module imported.
    /// </summary>
    public static InitialSessionState CreateSessionState(string modulePath)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(modulePath);
        return state;
    }

    /// <summary><c>-Command</c>: exit N if the script says so, else 1 when it stopped on an error or its last command failed.</summary>
    public int RunCommand(string script)
    {
        // $? is only meaningful inside the script's own scope, so the script records it as its last statement.
        var outcome = Invoke($"{script}\n${LastStatusVariable} = $?", addToHistory: false);
        if (_host.ExitCode is { } code)
        {
            return code;
        }

        var succeeded = outcome != Outcome.Terminated && _runspace.SessionStateProxy.GetVariable(LastStatusVariable) is true;
        _runspace.SessionStateProxy.PSVariable.Remove(LastStatusVariable);
        return succeeded ? 0 : 1;
    }

    /// <summary><c>-File</c>: exit N if the script says so, 1 when it stopped on an error, else 0.</summary>
    public int RunFile(string path, IReadOnlyList<string> arguments)
    {
        if (!File.Exists(path))
        {
            _host.UI.WriteErrorLine($"The argument '{path}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
            return 64;
        }

        var outcome = Invoke(shell => AddFileInvocation(shell, Path.GetFullPath(path), arguments), addToHistory: false);
        if (outcome == Outcome.Terminated)
        {
            return 1;
        }

        // A script's `exit N` ends the script, not the runspace: N arrives as $LASTEXITCODE.
        return _host.ExitCode ?? (_runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int code ? code : 0);
    }

    /// <summary>
    /// Runs a script and returns its output for the caller to print, with its errors in order among the objects
    /// (for <see cref="Render"/>); succeeded is false when it wrote an error or stopped on one (already shown).
    /// </summary>
    public (IReadOnlyList<PSObject> Output, bool Succeeded) Collect(string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        try
        {
            var output = shell.Invoke();
            return (output, !output.Any(o => o?.BaseObject is ErrorRecord));
        }
        catch (RuntimeException e)
        {
            ReportTerminatingError(e.ErrorRecord);
            return ([], false);
        }
    }

    /// <summary>Renders objects through Out-Default and the format views; error records go to the error writer.</summary>
    public void Render(IEnumerable<PSObject> objects)
    {
        var input = objects.ToList();
        if (input.Count == 0)
        {
            return;
        }

        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddCommand("Out-Default").Invoke(input);
    }

    /// <summary>The interactive prompt: read, run, repeat until <c>exit</c> or end of input.</summary>
    public int RunInteractive(ILineReader reader)
    {
        while (true)
        {
            var line = reader.ReadLine(Prompt());
            if (line is null)
            {
                return _host.ExitCode ?? 0;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            reader.AddHistory(line);
            _host.ClearExit();
            Invoke(line, addToHistory: true);
            if (_host.ExitCode is { } code)
            {
                return code;
            }
        }
    }

    /// <summary>Completions for interactive Tab.</summary>
    public CommandCompletion Complete(string line, int cursor)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        return CommandCompletion.CompleteInput(line, cursor, null, shell);
    }

    public void Dispose() => _runspace.Dispose();

    /// <summary>
    /// Adds the script with its arguments as pwsh's -File does: <c>-Name</c> names a parameter, whose value
    /// is the next argument unless the parameter is a switch (or follows a colon); everything else is a literal string.
    /// </summary>
    internal static void AddFileInvocation(PowerShell shell, string path, IReadOnlyList<string> arguments)
    {
        var parameters = shell.Runspace.SessionStateProxy.InvokeCommand.GetCommand(path, CommandTypes.ExternalScript)?.Parameters
            ?? new Dictionary<string, ParameterMetadata>();
        shell.AddCommand(path);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!IsParameterName(argument))
            {
                shell.AddArgument(argument);
                continue;
            }

            var colon = argument.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? argument[1..] : argument[1..colon];
            if (colon >= 0)
            {
                var value = argument[(colon + 1)..];
                shell.AddParameter(name, value.ToLowerInvariant() switch { "$true" => true, "$false" => false, _ => value });
            }
            else if (!IsSwitch(parameters, name) && i + 1 < arguments.Count)
            {
                shell.AddParameter(name, arguments[++i]);
            }
            else
            {
                shell.AddParameter(name);
            }
        }

        static bool IsParameterName(string a) =>
            a.Length > 1 && a[0] == '-' && (char.IsLetter(a[1]) || a[1] == '_')
            && a.Skip(1).TakeWhile(c => c != ':').All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '?');

        // PowerShell accepts any unambiguous prefix of a parameter name or alias; an unknown name is left to the binder's error.
        static bool IsSwitch(Dictionary<string, ParameterMetadata> parameters, string name)
        {
            var matches = parameters.Values.Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                || p.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
            {
                matches = [.. parameters.Values.Where(p => p.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase))];
            }

            return matches.Count != 1 || matches[0].SwitchParameter;
        }
    }

    private string Prompt()
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        try
        {
            return string.Concat(shell.AddCommand("prompt").Invoke().Select(o => o?.ToString()));
        }
        catch (RuntimeException)
        {
            return "PS> ";
        }
    }

    private Outcome Invoke(string script, bool addToHistory) => Invoke(shell => shell.AddScript(script), addToHistory);

    private Outcome Invoke(Action<PowerShell> addCommand, bool addToHistory)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        try
        {
            // Inside: adding a script file reads its parameters, so a script that does not parse throws here.
            addCommand(shell);
            // As pwsh: errors flow with the output into Out-Default, which renders them on the error writer in order.
            shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
            shell.AddCommand("Out-Default");
            shell.Invoke(input: null, new PSInvocationSettings { AddToHistory = addToHistory });
        }
        catch (ParseException e)
        {
            // Out-Default of this host renders a parse error's record as nothing; its message has the file, line and caret.
            _host.UI.WriteErrorLine(e.Message);
            return Outcome.Terminated;
        }
        catch (RuntimeException e)
        {
            ReportTerminatingError(e.ErrorRecord);
            return Outcome.Terminated;
        }

        return shell.HadErrors ? Outcome.Failed : Outcome.Succeeded;
    }

    private void ReportTerminatingError(ErrorRecord record)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        // Re-written through the error stream so Out-Default renders it on the error writer, as pwsh does.
        shell.AddScript("[CmdletBinding()] param($ErrorRecord) $PSCmdlet.WriteError($ErrorRecord)").AddArgument(record);
        shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        shell.AddCommand("Out-Default");
        try
        {
            shell.Invoke();
        }
        catch (RuntimeException)
        {
            _host.UI.WriteErrorLine(record.ToString());
        }
    }

    private enum Outcome
    {
        Succeeded,
        Failed,
        Terminated,
    }
}
