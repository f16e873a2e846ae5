namespace SwanShell;

/// <summary>One part of a diagnostic report as text: what it is, where it came from (a command or a file), and its redacted content.</summary>
public sealed record IpsecDiagnosticSection(string Title, string Source, string Text)
{
    public override string ToString() => Title;
}
