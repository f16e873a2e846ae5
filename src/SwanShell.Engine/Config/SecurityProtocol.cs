namespace SwanShell.Engine.Config;

/// <summary>The Protocol ID of an IKEv2 proposal (RFC 7296 §3.3.1).</summary>
public enum SecurityProtocol
{
    Ike = 1,
    Ah = 2,
    Esp = 3,
}
