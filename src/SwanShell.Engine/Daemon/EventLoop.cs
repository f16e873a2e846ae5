namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's one thread of control: control requests, IKE packets, timers and kernel events are all run
/// here, one at a time, so the connection database and the SAs need no locks. Work never blocks on I/O:
/// whatever waits (a peer, a client) waits outside and posts its continuation back.
/// </summary>
/// <remarks>
/// A post wakes the loop's own thread directly. An awaited channel would hand each wake-up to a thread-pool
/// worker first, and under IKE load that hop per datagram cost the responder a tenth of its CPU.
/// </remarks>
public sealed class EventLoop : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Action<Exception> _onError;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Queue<Action> _posted = new();
    private bool _stopping;

    public EventLoop(Action<Exception> onError)
    {
        _onError = onError;
        _thread = new Thread(Run) { IsBackground = true, Name = "swanshell event loop" };
        _thread.Start();
    }

    /// <summary>Whether the caller is running on the loop.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Queues work; returns false once the loop is stopping.</summary>
    public bool Post(Action work)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            _posted.Enqueue(work);
            if (_posted.Count == 1)
            {
                // Only an empty queue can have the loop waiting for it.
                Monitor.Pulse(_gate);
            }

            return true;
        }
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

    private void Run()
    {
        // Two queues swapped under the lock: posters fill one while the loop runs the other without holding it.
        var running = new Queue<Action>();
        while (true)
        {
            lock (_gate)
            {
                while (_posted.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_posted.Count == 0)
                {
                    break;
                }

                (running, _posted) = (_posted, running);
            }

            while (running.TryDequeue(out var work))
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
        }

        _stopped.SetResult();
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
