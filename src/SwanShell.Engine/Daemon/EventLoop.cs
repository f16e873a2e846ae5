namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's one line of control: control requests, IKE events, timers and kernel events are all run
/// here, one at a time and in order, so the connection database and the SAs need no locks. Work never blocks on
/// I/O: whatever waits (a peer, a client) waits outside and posts its continuation back.
/// </summary>
/// <remarks>
/// A post wakes the loop's own thread directly. An awaited channel would hand each wake-up to a thread-pool
/// worker first, and under IKE load that hop per datagram cost the responder a tenth of its CPU.
/// <see cref="RunOrPost"/> lets a caller that holds no lock run its work itself while the loop is idle, with the
/// same exclusion: no wake-up at all.
/// </remarks>
public sealed class EventLoop : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Action<Exception> _onError;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Queue<Action> _posted = new();
    private bool _stopping;

    // The thread running the loop's work (its own, or a RunOrPost caller), null while the loop is idle.
    private volatile Thread? _runner;

    public EventLoop(Action<Exception> onError)
    {
        _onError = onError;
        _thread = new Thread(Run) { IsBackground = true, Name = "swanshell event loop" };
        _thread.Start();
    }

    /// <summary>Whether the caller is running the loop's work.</summary>
    public bool IsCurrent => _runner == Thread.CurrentThread;

    /// <summary>Queues work; returns false once the loop is stopping.</summary>
    public bool Post(Action work)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            Enqueue(work);
            return true;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the caller's thread, as the loop's work, when the loop has nothing running or
    /// queued; otherwise queues it as <see cref="Post"/> does. The caller must hold no lock that work on the loop may
    /// take. Returns false once the loop is stopping.
    /// </summary>
    /// <remarks>
    /// For the IKE receive threads: the events of one datagram would otherwise wake the loop's thread, which under
    /// IKE load had a seventh of the responder's CPU samples, nearly all of them in being woken.
    /// </remarks>
    public bool RunOrPost(Action work)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            if (_runner is not null || _posted.Count > 0)
            {
                Enqueue(work);
                return true;
            }

            _runner = Thread.CurrentThread;
        }

        Execute(work);
        lock (_gate)
        {
            _runner = null;
            if (_posted.Count > 0 || _stopping)
            {
                // The loop's thread waited while the work ran here. Woken for nothing, it would cost what this saves.
                Monitor.Pulse(_gate);
            }
        }

        return true;
    }

    /// <summary>Runs <paramref name="work"/> on the loop and returns its result (or its exception) to the caller.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }))
        {
            done.SetException(new ObjectDisposedException(nameof(EventLoop), "the daemon is shutting down"));
        }

        return done.Task;
    }

    /// <summary>Stops taking work, runs what was posted before, and completes when the loop's thread is done.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        await _stopped.Task.ConfigureAwait(false);
    }

    /// <summary>Called under the gate.</summary>
    private void Enqueue(Action work)
    {
        _posted.Enqueue(work);
        if (_posted.Count == 1)
        {
            // Only an empty queue can have the loop waiting for it.
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        // Two queues swapped under the lock: posters fill one while the loop runs the other without holding it.
        var running = new Queue<Action>();
        while (true)
        {
            lock (_gate)
            {
                // Done with the last batch. Only its own claim is released here: a RunOrPost caller's may be in place.
                if (_runner == _thread)
                {
                    _runner = null;
                }

                while ((_posted.Count == 0 && !_stopping) || _runner is not null)
                {
                    Monitor.Wait(_gate);
                }

                if (_posted.Count == 0)
                {
                    break;
                }

                _runner = _thread;
                (running, _posted) = (_posted, running);
            }

            while (running.TryDequeue(out var work))
            {
                Execute(work);
            }
        }

        _stopped.SetResult();
    }

    private void Execute(Action work)
    {
        try
        {
            work();
        }
        catch (Exception e)
        {
            // One failed event must not stop the daemon; it is logged and the loop goes on.
            Report(e);
        }
    }

    private void Report(Exception e)
    {
        try
        {
            _onError(e);
        }
        catch (Exception)
        {
            // The report failed too (its log is gone): an exception on this thread would end the process.
        }
    }
}
