namespace SwanShell.Engine.Config;

/// <summary>Collects every problem found in one read, so that all of them are reported at once.</summary>
public sealed class DiagnosticList
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount { get; private set; }

    public void Error(SourceLocation location, string? keyword, string message, string? suggestion = null) =>
        Add(new ConfigDiagnostic(DiagnosticSeverity.Error, location, keyword, message, suggestion));

    public void Warning(SourceLocation location, string? keyword, string message, string? suggestion = null) =>
        Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, location, keyword, message, suggestion));

    public void Add(ConfigDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        _items.Add(diagnostic);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorCount++;
        }
    }
}
