namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Exponential back-off for requests (RFC 7296 §2.1): the n-th retransmission waits Timeout × Base^n.
/// The defaults are strongSwan's (4 s, 1.8, 5 tries: about 165 s before giving up).
/// </summary>
public sealed record RetransmissionOptions(TimeSpan Timeout, double Base, int Tries)
{
    public static readonly RetransmissionOptions Default = new(TimeSpan.FromSeconds(4), 1.8, 5);

    /// <summary>How long to wait after sending for the <paramref name="retransmission"/>-th time (0 = the first send).</summary>
    public TimeSpan Delay(int retransmission) => Timeout * Math.Pow(Base, retransmission);

    /// <summary>How long a request may go unanswered before the sender gives up: the first send and every retransmission waited out.</summary>
    public TimeSpan Budget => Enumerable.Range(0, Tries + 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + Delay(n));
}
