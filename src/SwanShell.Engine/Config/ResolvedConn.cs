namespace SwanShell.Engine.Config;

/// <summary>
/// A conn with <c>also=</c> and <c>conn %default</c> applied: the effective setting of each keyword, each still
/// pointing at the line that wrote it. <see cref="IsAlsoTarget"/> is set when another conn pulls this one in.
/// </summary>
public sealed record ResolvedConn(ConfigSection Section, IReadOnlyDictionary<string, ConfigSetting> Settings, bool IsAlsoTarget)
{
    public string Name => Section.Name;
}
