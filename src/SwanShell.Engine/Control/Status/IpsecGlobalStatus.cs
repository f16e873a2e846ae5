namespace SwanShell;

/// <summary>
/// The daemon as a whole (<c>ipsec whack --globalstatus</c>): how many connections and SAs it has now, and how many it
/// established or lost since it started.
/// </summary>
public sealed record IpsecGlobalStatus
{
    public required int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string KernelBackend { get; init; }

    /// <summary>The IKE endpoints listened on (address:port).</summary>
    public required IReadOnlyList<string> ListenEndpoints { get; init; }

    public required int Connections { get; init; }

    public required int RoutedConnections { get; init; }

    public required int IkeSas { get; init; }

    /// <summary>IKE SAs whose IKE_SA_INIT or IKE_AUTH is still under way.</summary>
    public required int HalfOpenIkeSas { get; init; }

    public required int EstablishedIkeSas { get; init; }

    public required int ChildSas { get; init; }

    /// <summary>Bytes through the current Child SAs, inbound (from the kernel's counters).</summary>
    public required ulong BytesIn { get; init; }

    public required ulong BytesOut { get; init; }

    public required long IkeSasEstablishedTotal { get; init; }

    public required long IkeSasFailedTotal { get; init; }

    public required long ChildSasEstablishedTotal { get; init; }

    /// <summary>Datagrams dropped before reaching an IKE SA (not IKE, or for an address not served).</summary>
    public required long DroppedDatagrams { get; init; }

    public override string ToString() => $"{Connections} connection(s), {IkeSas} IKE SA(s), {ChildSas} Child SA(s)";
}
