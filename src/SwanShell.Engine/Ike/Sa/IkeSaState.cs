namespace SwanShell.Engine.Ike.Sa;

public enum IkeSaState
{
    /// <summary>IKE_SA_INIT is under way.</summary>
    Connecting,

    /// <summary>Keys are derived; IKE_AUTH is under way.</summary>
    Authenticating,

    Established,

    /// <summary>Deleted by either side.</summary>
    Deleted,

    /// <summary>Negotiation failed or the peer stopped answering.</summary>
    Failed,
}
