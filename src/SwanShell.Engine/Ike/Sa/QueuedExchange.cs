namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// An exchange we will start when the peer's window has room (RFC 7296 §2.3). An exclusive one (rekey or delete of the
/// IKE SA) waits until nothing else is in flight, and nothing starts while it is.
/// </summary>
internal sealed record QueuedExchange(ExchangeType Exchange, Func<IReadOnlyList<IIkeTask>> CreateTasks, bool Exclusive = false);
