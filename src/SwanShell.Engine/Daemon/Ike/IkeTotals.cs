namespace SwanShell.Engine.Daemon.Ike;

/// <summary>Counts since the daemon started, for <c>ipsec globalstatus</c>. Changed and read on the event loop only.</summary>
public sealed class IkeTotals
{
    /// <summary>IKE SAs established, rekeyed ones included.</summary>
    public long IkeSasEstablished { get; set; }

    /// <summary>IKE SAs that failed before or after being established.</summary>
    public long IkeSasFailed { get; set; }

    /// <summary>Child SAs put into the kernel, rekeyed ones included.</summary>
    public long ChildSasEstablished { get; set; }
}
