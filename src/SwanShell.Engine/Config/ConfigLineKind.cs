namespace SwanShell.Engine.Config;

/// <summary>What one line of ipsec.conf is.</summary>
internal enum ConfigLineKind
{
    /// <summary>Empty, or only a comment.</summary>
    Blank,

    /// <summary><c>version 2</c>.</summary>
    Version,

    /// <summary><c>config setup</c>.</summary>
    ConfigSetup,

    /// <summary><c>conn NAME</c>.</summary>
    Conn,

    /// <summary><c>include FILE</c>.</summary>
    Include,

    /// <summary>An indented <c>key=value</c>.</summary>
    Setting,

    /// <summary>A line that is none of the above; <see cref="ConfigLine.Error"/> says why.</summary>
    Invalid,
}
