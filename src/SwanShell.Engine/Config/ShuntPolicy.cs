namespace SwanShell.Engine.Config;

/// <summary><c>failureshunt=</c> and <c>negotiationshunt=</c>: what happens to traffic while a conn is not up.</summary>
public enum ShuntPolicy
{
    None,
    Passthrough,
    Drop,

    /// <summary>Implemented as <see cref="Drop"/>, as in libreswan 5.</summary>
    Reject,

    /// <summary>Implemented as <see cref="Drop"/>, as in libreswan 5.</summary>
    Hold,
}
