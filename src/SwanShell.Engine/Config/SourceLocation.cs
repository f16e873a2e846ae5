namespace SwanShell.Engine.Config;

/// <summary>Where something was written: a file (as shown to the user, relative to the root), a line and a column, both from 1.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
