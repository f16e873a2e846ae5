using SwanShell.Engine.Ike.Sa;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>An IKE SA of a connection, with the engine that runs it, its Child SAs in the kernel, and who waits for its outcome.</summary>
public sealed class ActiveIkeSa(ulong serial, IkeSa sa, IkeEngine engine, Connection connection) : IDueTimeQueueItem
{
    public ulong Serial { get; } = serial;

    public IkeSa Sa { get; } = sa;

    public IkeEngine Engine { get; } = engine;

    /// <summary>The conn it works for; a responder's may change at IKE_AUTH, once the peer's ID is known.</summary>
    public Connection Connection { get; internal set; } = connection;

    public List<InstalledChildSa> Children { get; } = [];

    public DateTimeOffset? EstablishedAt { get; set; }

    /// <summary>Replaced by a rekeyed IKE SA, which took its Child SAs; it lives on only until its deletion completes.</summary>
    public bool Retired { get; set; }

    /// <summary>When the IKE SA is to be rekeyed (or, with rekey=no, to expire).</summary>
    public DateTimeOffset? RekeyAt { get; set; }

    /// <summary>What the daemon's lifetime queue does when this SA is due: rekey it (at <see cref="RekeyAt"/>) or delete it (at the end of its lifetime).</summary>
    public bool RekeyWhenDue { get; set; }

    int IDueTimeQueueItem.DueTimeQueueIndex { get; set; } = -1;

    /// <summary>Told of each state the IKE SA reaches, on the event loop (the progress of a waiting <c>--up</c>).</summary>
    public Action<IkeSaState>? StateObserver { get; set; }

    /// <summary>
    /// Completed when the first Child SA is up, or faulted with why it could not be; made for an SA that someone waits
    /// for (<c>--up</c>), not for the SAs peers start.
    /// </summary>
    public TaskCompletionSource<InstalledChildSa>? FirstChild { get; set; }
}
