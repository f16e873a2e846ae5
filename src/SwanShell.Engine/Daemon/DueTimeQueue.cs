namespace SwanShell.Engine.Daemon;

/// <summary>
/// Many deadlines behind one timer: each item is due at one time, and when its time comes it is handed to the
/// callback on the daemon's event loop, earliest first. A timer per IKE SA cost about 200 bytes of managed memory per
/// SA (timer, callback, closure) and a timer queue entry in the runtime; here an item costs a heap slot. Schedule and
/// Remove are for the event loop only; the timer itself only posts the scan to it.
/// </summary>
internal sealed class DueTimeQueue<T> : IDisposable
    where T : class, IDueTimeQueueItem
{
    private readonly TimeProvider _time;
    private readonly Action<T> _due;
    private readonly ITimer _timer;
    private (DateTimeOffset Due, T Item)[] _heap = [];
    private int _count;
    private DateTimeOffset? _armedFor;

    /// <param name="time">The clock; a fake one drives the queue in tests.</param>
    /// <param name="post">Runs the scan for due items where <paramref name="due"/> may run (the event loop).</param>
    /// <param name="due">Told of each item whose time has come; it is out of the queue by then and may be scheduled again.</param>
    public DueTimeQueue(TimeProvider time, Action<Action> post, Action<T> due)
    {
        _time = time;
        _due = due;
        Action scan = RunDue;
        _timer = time.CreateTimer(_ => post(scan), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count => _count;

    /// <summary>Makes <paramref name="item"/> due at <paramref name="due"/>, in place of any time it had.</summary>
    public void Schedule(T item, DateTimeOffset due)
    {
        ArgumentNullException.ThrowIfNull(item);
        var index = item.DueTimeQueueIndex;
        if (index < 0)
        {
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, Math.Max(16, _count * 2));
            }

            index = _count++;
        }

        Place(index, (due, item));
        index = SiftUp(index);
        SiftDown(index);
        Arm();
    }

    /// <summary>Takes <paramref name="item"/> out; it will not be due. Nothing happens when it is not queued.</summary>
    public void Remove(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var index = item.DueTimeQueueIndex;
        if (index < 0)
        {
            return;
        }

        item.DueTimeQueueIndex = -1;
        var last = _heap[--_count];
        _heap[_count] = default;
        if (index < _count)
        {
            Place(index, last);
            SiftDown(SiftUp(index));
        }

        // The timer may stay armed for the removed item's time: the scan then finds nothing due and re-arms.
    }

    public void Dispose() => _timer.Dispose();

    private void RunDue()
    {
        _armedFor = null;
        var now = _time.GetUtcNow();
        while (_count > 0 && _heap[0].Due <= now)
        {
            var item = _heap[0].Item;
            Remove(item);
            _due(item);
        }

        Arm();
    }

    /// <summary>Sets the timer for the earliest item unless it is already set for that time or before.</summary>
    private void Arm()
    {
        if (_count == 0 || _armedFor <= _heap[0].Due)
        {
            return;
        }

        _armedFor = _heap[0].Due;
        var delay = _heap[0].Due - _time.GetUtcNow();
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private int SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (_heap[parent].Due <= _heap[index].Due)
            {
                break;
            }

            Swap(index, parent);
            index = parent;
        }

        return index;
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var smallest = index;
            foreach (var child in (ReadOnlySpan<int>)[(2 * index) + 1, (2 * index) + 2])
            {
                if (child < _count && _heap[child].Due < _heap[smallest].Due)
                {
                    smallest = child;
                }
            }

            if (smallest == index)
            {
                return;
            }

            Swap(index, smallest);
            index = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        var atA = _heap[a];
        Place(a, _heap[b]);
        Place(b, atA);
    }

    private void Place(int index, (DateTimeOffset Due, T Item) entry)
    {
        _heap[index] = entry;
        entry.Item.DueTimeQueueIndex = index;
    }
}
