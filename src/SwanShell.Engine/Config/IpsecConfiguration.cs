namespace SwanShell.Engine.Config;

/// <summary>
/// What reading an ipsec.conf gives: the typed <c>config setup</c>, every usable conn, and all problems
/// found. A conn with errors is left out of <see cref="Connections"/>; its errors are in <see cref="Diagnostics"/>.
/// </summary>
public sealed record IpsecConfiguration(
    SetupDefinition Setup,
    IReadOnlyList<ConnectionDefinition> Connections,
    IReadOnlyList<ConfigDiagnostic> Diagnostics,
    IReadOnlyList<string> Files)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
