namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Liveness checks (dead peer detection), as dpddelay=, dpdtimeout= and dpdaction= configure them: after
/// <see cref="Delay"/> without hearing from the peer we send an empty INFORMATIONAL request (RFC 7296 §1.4); the
/// peer is dead when that request goes unanswered through every retransmission, or, when set, for
/// <see cref="Timeout"/> (libreswan ignores dpdtimeout for IKEv2; we honour it when given). Then
/// <see cref="Action"/> decides what follows.
/// </summary>
public sealed record LivenessOptions(TimeSpan Delay, TimeSpan? Timeout = null, LivenessAction Action = LivenessAction.Hold);

/// <summary>dpdaction=: what to do with the connection of a dead peer.</summary>
public enum LivenessAction
{
    /// <summary>Delete the SAs and remove the policies.</summary>
    Clear,

    /// <summary>Delete the SAs but keep a trap policy so traffic renegotiates (the default).</summary>
    Hold,

    /// <summary>Delete the SAs and negotiate again at once.</summary>
    Restart,
}
