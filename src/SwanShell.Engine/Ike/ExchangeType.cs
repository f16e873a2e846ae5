namespace SwanShell.Engine.Ike;

/// <summary>IKEv2 Exchange Types (RFC 7296 §3.1, RFC 9242, RFC 9370), spelled as the RFCs and peers' logs spell them.</summary>
public enum ExchangeType : byte
{
    IKE_SA_INIT = 34,
    IKE_AUTH = 35,
    CREATE_CHILD_SA = 36,
    INFORMATIONAL = 37,
    IKE_SESSION_RESUME = 38,
    IKE_INTERMEDIATE = 43,
    IKE_FOLLOWUP_KE = 44,
}
