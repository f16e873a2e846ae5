namespace SwanShell.Engine.Config;

/// <summary>One <c>key=value</c> as written: <see cref="Key"/> is the canonical keyword (aliases resolved, lower case).</summary>
public sealed record ConfigSetting(string Key, string Value, SourceLocation KeyLocation, SourceLocation ValueLocation);
