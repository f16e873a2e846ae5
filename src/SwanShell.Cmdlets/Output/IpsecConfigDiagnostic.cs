using SwanShell.Engine.Config;

namespace SwanShell;

/// <summary>A problem in ipsec.conf or ipsec.secrets, as Test-IpsecConfiguration returns it.</summary>
public sealed class IpsecConfigDiagnostic
{
    internal IpsecConfigDiagnostic(ConfigDiagnostic diagnostic)
    {
        Severity = diagnostic.Severity;
        File = diagnostic.File;
        Line = diagnostic.Line;
        Column = diagnostic.Column;
        Keyword = diagnostic.Keyword;
        Message = diagnostic.Message;
        Suggestion = diagnostic.Suggestion;
        Text = diagnostic.ToString();
    }

    public DiagnosticSeverity Severity { get; }

    /// <summary>The file, relative to the configuration file's directory.</summary>
    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    public string? Keyword { get; }

    public string Message { get; }

    /// <summary>What would be right, e.g. <c>did you mean 'leftsubnet'?</c>.</summary>
    public string? Suggestion { get; }

    /// <summary>The compiler-style line: <c>ipsec.conf:12:5: message; suggestion</c>.</summary>
    public string Text { get; }

    public override string ToString() => Text;
}
