namespace SwanShell.Engine.Daemon;

/// <summary>Something a <see cref="DueTimeQueue{T}"/> holds: it keeps its own place in the queue, so that moving or removing it costs O(log n).</summary>
internal interface IDueTimeQueueItem
{
    /// <summary>Its place in the queue's heap; -1 while it is not queued. Only the queue sets it.</summary>
    int DueTimeQueueIndex { get; set; }
}
