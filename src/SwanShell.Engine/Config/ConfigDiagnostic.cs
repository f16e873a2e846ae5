namespace SwanShell.Engine.Config;

/// <summary>
/// One problem found in ipsec.conf or ipsec.secrets: where, about which keyword (when there is one), what is
/// wrong, and what would be right where we know it (e.g. <c>did you mean 'leftsubnet'?</c>).
/// </summary>
public sealed record ConfigDiagnostic(
    DiagnosticSeverity Severity,
    SourceLocation Location,
    string? Keyword,
    string Message,
    string? Suggestion = null)
{
    public string File => Location.File;

    public int Line => Location.Line;

    public int Column => Location.Column;

    /// <summary>The compiler-style form: <c>ipsec.conf:12:5: unknown keyword 'x'; did you mean 'y'?</c>; warnings say so; problems with a whole file name only the file.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Warning ? "warning: " : string.Empty;
        var suggestion = Suggestion is null ? string.Empty : "; " + Suggestion;
        var where = Location.Line == 0 ? Location.File : Location.ToString();
        return $"{where}: {severity}{Message}{suggestion}";
    }
}
