namespace SwanShell.Engine.Daemon.Logging;

/// <summary>
/// How much the daemon logs beyond its normal lines (<c>whack --debug</c>): with <see cref="Base"/>, one line per IKE
/// message sent or received, from its header (exchange, request or response, message id, size, peer), never a payload.
/// </summary>
public enum DebugLevel
{
    None,
    Base,
}

/// <summary>The names of <c>whack --debug</c> the daemon knows, a subset of libreswan's debug classes.</summary>
public static class DebugClasses
{
    /// <summary>
    /// none turns debug logging off; base turns it on; all and tmi, libreswan's wider classes, are the same as base here,
    /// as the daemon has one level of detail. Classes that would log secrets (private, crypt) are not among them.
    /// </summary>
    public static IReadOnlyList<string> Known { get; } = ["none", "base", "all", "tmi"];

    public static bool TryParse(string name, out DebugLevel level)
    {
        level = name?.ToLowerInvariant() switch
        {
            "none" => DebugLevel.None,
            "base" or "all" or "tmi" => DebugLevel.Base,
            _ => (DebugLevel)(-1),
        };
        return Enum.IsDefined(level);
    }

    /// <summary>Why a name is refused, with the names that are known.</summary>
    public static string Unknown(string name) =>
        $"Unknown debug class '{name}': SwanShell's daemon knows {string.Join(", ", Known)} (all and tmi log what base does).";
}
