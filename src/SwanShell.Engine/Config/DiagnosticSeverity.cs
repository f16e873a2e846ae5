namespace SwanShell.Engine.Config;

/// <summary>How bad a configuration problem is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The configuration cannot be used as written.</summary>
    Error,

    /// <summary>The configuration loads, but something in it is ignored or will change meaning.</summary>
    Warning,
}
