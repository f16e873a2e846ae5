namespace SwanShell.Engine.Ike;

/// <summary>Security Protocol Identifiers of proposals, notifies and deletes (RFC 7296 §3.3.1).</summary>
public enum SecurityProtocolId : byte
{
    /// <summary>Notifies that concern no SA carry 0.</summary>
    None = 0,
    IKE = 1,
    AH = 2,
    ESP = 3,
}
