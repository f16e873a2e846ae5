namespace SwanShell.Engine.Ike.Sa;

/// <summary>Our request in flight: what to resend until the response arrives, and the tasks that will read it.</summary>
internal sealed class PendingRequest(ExchangeType exchange, uint messageId, IReadOnlyList<IIkeTask> tasks, IReadOnlyList<byte[]> datagrams, DateTimeOffset sentAt, bool exclusive)
{
    /// <summary>A rekey or delete of the IKE SA: nothing else is in flight with it.</summary>
    public bool Exclusive { get; } = exclusive;

    public DateTimeOffset SentAt { get; } = sentAt;

    public ExchangeType Exchange { get; } = exchange;

    public uint MessageId { get; } = messageId;

    public IReadOnlyList<IIkeTask> Tasks { get; } = tasks;

    public IReadOnlyList<byte[]> Datagrams { get; } = datagrams;

    public int Retransmissions { get; set; }

    public ITimer? Timer { get; set; }
}
