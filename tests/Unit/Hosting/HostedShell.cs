using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SwanShell.Cli.Hosting;

namespace SwanShell.UnitTests.Hosting;

/// <summary>
/// One runspace with swanshell's own host writing into strings: tests read objects and streams from
/// <see cref="Run"/>, and the text a user would see (tables, What if:, prompts) from <see cref="Render"/> and <see cref="Text"/>.
/// </summary>
public sealed class HostedShell : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly Runspace _runspace;

    // Kept until the next run: disposing a PowerShell instance empties its error stream.
    private PowerShell _last = PowerShell.Create();

    public HostedShell(InitialSessionState state, IEnumerable<string> answers)
    {
        Host = new SwanShellHost(_output, _error, new ScriptedInput(answers), HostOptions.Plain);
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
    }

    public SwanShellHost Host { get; }

    /// <summary>Everything written to the host's output so far.</summary>
    public string Text => _output.ToString();

    /// <summary>Everything written to the host's error output so far.</summary>
    public string ErrorText => _error.ToString();

    /// <summary>The streams of the last <see cref="Run"/>.</summary>
    public PSDataStreams Streams => _last.Streams;

    /// <summary>Runs script text and returns its output objects; terminating errors are thrown.</summary>
    public Collection<PSObject> Run(string script)
    {
        _last.Dispose();
        _last = PowerShell.Create();
        _last.Runspace = _runspace;
        return _last.AddScript(script).Invoke();
    }

    /// <summary>Runs script text through Out-Default and returns the text it wrote, as a terminal would show it.</summary>
    public string Render(string script)
    {
        var before = _output.ToString().Length;
        Run($"{script} | Out-Default");
        return _output.ToString()[before..];
    }

    public void Dispose()
    {
        _last.Dispose();
        _runspace.Dispose();
        _output.Dispose();
        _error.Dispose();
    }
}
