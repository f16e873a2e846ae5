namespace SwanShell.Engine.Config;

/// <summary>The kinds of ipsec.conf section.</summary>
public enum SectionKind
{
    /// <summary><c>config setup</c>.</summary>
    Setup,

    /// <summary><c>conn NAME</c>.</summary>
    Conn,

    /// <summary><c>conn %default</c>: defaults for every conn.</summary>
    ConnDefault,
}
