namespace SwanShell.HelpGen;

/// <summary>One cmdlet's help as written in its markdown file.</summary>
internal sealed class CommandHelpDocument(string name, string path)
{
    public string Name { get; } = name;

    public string Path { get; } = path;

    public List<string> Synopsis { get; } = [];

    public List<string> Description { get; } = [];

    public List<HelpExample> Examples { get; } = [];

    public Dictionary<string, List<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<HelpTypeEntry> Inputs { get; } = [];

    public List<HelpTypeEntry> Outputs { get; } = [];

    public List<string> Notes { get; } = [];

    public List<HelpLink> RelatedLinks { get; } = [];
}

internal sealed record HelpExample(string Title, string Code, List<string> Remarks);

internal sealed record HelpTypeEntry(string TypeName, List<string> Description);

internal sealed record HelpLink(string Text, string Uri);
