using System.Threading.Channels;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The daemon's one thread of control: control requests, IKE packets, timers and kernel events are all run
/// here, one at a time, so the connection database and the SAs need no locks. Work never blocks on I/O:
/// whatever waits (a peer, a client) waits outside and posts its continuation back.
/// </summary>
public sealed class EventLoop : IAsyncDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception> _onError;
    private readonly Task _runner;
    private int _threadId;

    public EventLoop(Action<Exception> onError)
    {
        _onError = onError;
        _runner = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Whether the caller is running on the loop.</summary>
    public bool IsCurrent => Environment.CurrentManagedThreadId == Volatile.Read(ref _threadId);

    /// <summary>Queues work; returns false once the loop is stopping.</summary>
    public bool Post(Action work) => _work.Writer.TryWrite(work);

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

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _runner.ConfigureAwait(false);
    }

    private void Run()
    {
        Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var work))
            {
                try
                {
                    work();
                }
                catch (Exception e)
                {
                    // One failed event must not stop the daemon; it is logged and the loop goes on.
                    _onError(e);
                }
            }
        }
    }
}
