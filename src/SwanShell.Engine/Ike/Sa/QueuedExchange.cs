namespace SwanShell.Engine.Ike.Sa;

/// <summary>An exchange we will start once the request in flight is answered (one at a time, window size 1).</summary>
internal sealed record QueuedExchange(ExchangeType Exchange, Func<IReadOnlyList<IIkeTask>> CreateTasks);
