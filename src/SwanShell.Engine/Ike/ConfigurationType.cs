namespace SwanShell.Engine.Ike;

/// <summary>CFG Type of the Configuration payload (RFC 7296 §3.15).</summary>
public enum ConfigurationType : byte
{
    CFG_REQUEST = 1,
    CFG_REPLY = 2,
    CFG_SET = 3,
    CFG_ACK = 4,
}
