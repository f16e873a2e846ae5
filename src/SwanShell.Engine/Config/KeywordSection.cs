namespace SwanShell.Engine.Config;

/// <summary>The kind of section a keyword belongs in.</summary>
internal enum KeywordSection
{
    /// <summary><c>config setup</c>.</summary>
    Setup,

    /// <summary><c>conn NAME</c> and <c>conn %default</c>.</summary>
    Conn,
}
