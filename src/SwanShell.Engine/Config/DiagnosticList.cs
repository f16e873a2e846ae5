namespace SwanShell.Engine.Config;

/// <summary>Collects every problem found in one read, so that all of them are reported at once.</summary>
public sealed class DiagnosticList
{
    private readonly List<ConfigDiagnostic> _items = [];

    /// <summary>A setting in %default or an also= section is checked once per conn using it; it is reported once.</summary>
    private readonly HashSet<ConfigDiagnostic> _seen = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount { get; private set; }

    /// <summary>Errors raised, counting repeats of one already reported: what tells a check that it failed.</summary>
    public int ErrorsRaised { get; private set; }

    public void Error(SourceLocation location, string? keyword, string message, string? suggestion = null) =>
        Add(new ConfigDiagnostic(DiagnosticSeverity.Error, location, keyword, message, suggestion));

    public void Warning(SourceLocation location, string? keyword, string message, string? suggestion = null) =>
        Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, location, keyword, message, suggestion));

    public void Add(ConfigDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorsRaised++;
        }

        if (!_seen.Add(diagnostic))
        {
            return;
        }

        _items.Add(diagnostic);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorCount++;
        }
    }
}
