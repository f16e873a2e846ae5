namespace SwanShell.Engine.Config;

/// <summary>A word of ipsec.secrets with where it starts; <see cref="Quoted"/> for <c>"…"</c> (the text is without quotes).</summary>
internal readonly record struct SecretsToken(string Text, SourceLocation Location, bool Quoted);
