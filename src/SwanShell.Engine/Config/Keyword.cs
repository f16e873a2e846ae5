namespace SwanShell.Engine.Config;

/// <summary>
/// One keyword of ipsec.conf. A per-end keyword is written <c>left</c>/<c>right</c> + <see cref="Name"/>
/// (the host itself has the empty name). <see cref="Note"/> is the replacement of an obsolete or deprecated
/// keyword, or what to do instead of an unsupported one; <see cref="AliasOf"/> names the keyword an alias stands for.
/// </summary>
internal sealed record Keyword(
    string Name,
    KeywordSection Section,
    bool PerEnd,
    KeywordStatus Status,
    string? Note = null,
    DiagnosticSeverity Severity = DiagnosticSeverity.Warning,
    string? AliasOf = null);
