namespace SwanShell.Engine.Config;

/// <summary>A <c>config setup</c> or <c>conn</c> section with its settings in the order written (<c>also=</c> among them).</summary>
public sealed class ConfigSection(SectionKind kind, string name, SourceLocation location)
{
    private readonly List<ConfigSetting> _settings = [];

    public SectionKind Kind { get; } = kind;

    public string Name { get; } = name;

    public SourceLocation Location { get; } = location;

    public IReadOnlyList<ConfigSetting> Settings => _settings;

    /// <summary>Whether an error was reported inside this section; such a conn is not used.</summary>
    public bool HasErrors { get; internal set; }

    internal void Add(ConfigSetting setting) => _settings.Add(setting);
}
