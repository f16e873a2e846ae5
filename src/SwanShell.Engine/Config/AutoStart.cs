namespace SwanShell.Engine.Config;

/// <summary><c>auto=</c>: what happens to a conn when the daemon starts.</summary>
public enum AutoStart
{
    /// <summary><c>ignore</c> (the default): not loaded.</summary>
    Ignore,

    /// <summary><c>add</c>: loaded, waiting for the peer or a command.</summary>
    Add,

    /// <summary><c>ondemand</c> (alias <c>route</c>): loaded with a trap policy; traffic starts negotiation.</summary>
    OnDemand,

    /// <summary><c>start</c> (alias <c>up</c>): loaded and initiated, and revived when it goes down.</summary>
    Start,

    /// <summary><c>keep</c>: loaded; once the peer brings it up, kept up with one revival attempt.</summary>
    Keep,
}
