using SwanShell.Engine.Daemon;

namespace SwanShell.UnitTests.Daemon;

public sealed class EventLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PostedWork_RunsInOrder_OneAtATime_OnTheLoopsOwnThread()
    {
        await using var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var ran = new List<int>();
        var threads = new HashSet<int>();
        var posters = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var n = (p * 1000) + i;
                Assert.True(loop.Post(() =>
                {
                    ran.Add(n);
                    threads.Add(Environment.CurrentManagedThreadId);
                    Assert.True(loop.IsCurrent);
                    Assert.False(Thread.CurrentThread.IsThreadPoolThread);
                }));
            }
        })).ToArray();
        await Task.WhenAll(posters);

        var count = await loop.InvokeAsync(() => ran.Count).WaitAsync(Patience);

        Assert.Equal(4000, count);
        Assert.Single(threads);
        Assert.False(loop.IsCurrent);
        for (var p = 0; p < 4; p++)
        {
            // Each poster's work in the order it was posted.
            var own = ran.Where(n => n / 1000 == p).ToList();
            Assert.Equal(own.Order(), own);
        }
    }

    [Fact]
    public async Task RunOrPost_OnAnIdleLoop_RunsOnTheCallersThread_AsTheLoopsWork()
    {
        await using var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var caller = Environment.CurrentManagedThreadId;
        int? ranOn = null;
        var current = false;

        Assert.True(loop.RunOrPost(() =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            current = loop.IsCurrent;
        }));

        Assert.Equal(caller, ranOn);
        Assert.True(current);
        Assert.False(loop.IsCurrent);
    }

    [Fact]
    public async Task RunOrPost_OnABusyLoop_QueuesBehindWhatWasPosted()
    {
        await using var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var gate = new ManualResetEventSlim();
        var ran = new List<string>();
        loop.Post(gate.Wait);
        loop.Post(() => ran.Add("posted"));

        Assert.True(loop.RunOrPost(() => ran.Add("run or posted")));

        Assert.Empty(ran);
        gate.Set();
        Assert.Equal(["posted", "run or posted"], await loop.InvokeAsync(() => ran.ToList()).WaitAsync(Patience));
    }

    [Fact]
    public async Task WorkPostedWhileACallerRunsIt_WaitsForTheCaller_ThenRunsOnTheLoop()
    {
        await using var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var ran = new List<string>();
        Task<bool>? posted = null;

        loop.RunOrPost(() =>
        {
            posted = loop.InvokeAsync(() =>
            {
                ran.Add("posted");
                return loop.IsCurrent;
            });

            // The loop's thread must not start the posted work while this runs.
            Thread.Sleep(100);
            ran.Add("caller");
        });

        Assert.True(await posted!.WaitAsync(Patience));
        Assert.Equal(["caller", "posted"], ran);
    }

    [Fact]
    public async Task RunOrPost_WorkThatThrows_IsReported_NotThrownAtTheCaller()
    {
        var errors = new List<Exception>();
        await using var loop = new EventLoop(errors.Add);

        Assert.True(loop.RunOrPost(() => throw new InvalidOperationException("one bad event")));

        Assert.Equal("one bad event", Assert.IsType<InvalidOperationException>(Assert.Single(errors)).Message);
        Assert.Equal(42, await loop.InvokeAsync(() => 42).WaitAsync(Patience));
    }

    [Fact]
    public async Task WorkThatThrows_IsReported_AndTheLoopGoesOn()
    {
        var errors = new List<Exception>();
        await using var loop = new EventLoop(errors.Add);

        loop.Post(() => throw new InvalidOperationException("one bad event"));
        var after = await loop.InvokeAsync(() => errors.Count).WaitAsync(Patience);

        Assert.Equal(1, after);
        Assert.Equal("one bad event", Assert.IsType<InvalidOperationException>(errors[0]).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => loop.InvokeAsync<int>(() => throw new ArgumentException("to the caller")).WaitAsync(Patience));
    }

    [Fact]
    public async Task AnErrorReportThatFailsToo_DoesNotStopTheLoop()
    {
        await using var loop = new EventLoop(_ => throw new ObjectDisposedException("log"));

        loop.Post(() => throw new InvalidOperationException("one bad event"));

        Assert.Equal(42, await loop.InvokeAsync(() => 42).WaitAsync(Patience));
    }

    [Fact]
    public async Task Dispose_RunsWhatWasPostedBefore_ThenRefusesNewWork()
    {
        var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var gate = new ManualResetEventSlim();
        var ran = 0;
        loop.Post(gate.Wait);
        loop.Post(() => ran++);
        loop.Post(() => ran++);

        var disposing = loop.DisposeAsync().AsTask();
        Assert.False(loop.Post(() => ran++));
        gate.Set();
        await disposing.WaitAsync(Patience);

        Assert.Equal(2, ran);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => loop.InvokeAsync(() => 0));
        Assert.False(loop.RunOrPost(() => ran++));
        Assert.Equal(2, ran);
    }

    [Fact]
    public async Task Dispose_WhileACallerRunsTheLoopsWork_CompletesOnceItIsDone()
    {
        var loop = new EventLoop(e => Assert.Fail(e.ToString()));
        var running = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var caller = Task.Run(() => loop.RunOrPost(() =>
        {
            running.Set();
            gate.Wait();
        }));
        Assert.True(running.Wait(Patience));

        var disposing = loop.DisposeAsync().AsTask();
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted);
        gate.Set();

        await disposing.WaitAsync(Patience);
        Assert.True(await caller.WaitAsync(Patience));
    }
}
