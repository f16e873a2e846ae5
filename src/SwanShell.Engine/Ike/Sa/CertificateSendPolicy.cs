namespace SwanShell.Engine.Ike.Sa;

/// <summary>When we send our certificate in IKE_AUTH (<c>leftsendcert=</c>).</summary>
public enum CertificateSendPolicy
{
    /// <summary>In every IKE_AUTH we sign.</summary>
    Always,

    /// <summary>Only when the peer sent a CERTREQ (in IKE_SA_INIT's response, or with its IKE_AUTH request).</summary>
    IfAsked,

    /// <summary>Never: the peer must have our certificate already.</summary>
    Never,
}
