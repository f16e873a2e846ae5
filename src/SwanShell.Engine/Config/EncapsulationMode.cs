namespace SwanShell.Engine.Config;

/// <summary><c>encapsulation=</c>: UDP encapsulation of ESP (RFC 3948).</summary>
public enum EncapsulationMode
{
    /// <summary>Only when NAT is detected.</summary>
    Auto,

    /// <summary>Always, even without NAT.</summary>
    Yes,

    /// <summary>Never, even behind NAT.</summary>
    No,
}
