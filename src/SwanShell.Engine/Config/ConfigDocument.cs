namespace SwanShell.Engine.Config;

/// <summary>The sections of an ipsec.conf and of every file it includes, in reading order.</summary>
public sealed record ConfigDocument(IReadOnlyList<ConfigSection> Sections, IReadOnlyList<string> Files);
