namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Engine-wide limits against IKE_SA_INIT floods, with strongSwan's defaults: COOKIE challenges once 30 responder
/// SAs are half-open (answered IKE_SA_INIT, no IKE_AUTH yet), no new ones from a peer address that already has 5,
/// and half-open SAs forgotten after 30 seconds. NAT keepalives every 20 seconds.
/// </summary>
public sealed record IkeEngineOptions
{
    public static readonly IkeEngineOptions Default = new();

    public int CookieThreshold { get; init; } = 30;

    public int BlockThreshold { get; init; } = 5;

    public TimeSpan HalfOpenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a side behind a NAT sends a NAT-keepalive (RFC 3948 §4), strongSwan's keep_alive.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a cookie secret is used before a new one replaces it (the previous one still verifies).</summary>
    public TimeSpan CookieSecretLifetime { get; init; } = TimeSpan.FromMinutes(2);
}
