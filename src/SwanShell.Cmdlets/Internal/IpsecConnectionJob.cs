using System.Management.Automation;
using System.Text.Json;
using SwanShell.Engine.Control;

namespace SwanShell.Internal;

/// <summary>
/// The job of <c>Start-IpsecConnection -AsJob</c> (<c>ipsec auto --asynchronous</c> with a handle): brings connections
/// up in parallel, each over its own control connection, and collects their status objects and errors. A job type
/// of our own, because Start-Job needs a pwsh executable.
/// </summary>
public sealed class IpsecConnectionJob : Job
{
    /// <summary>How many negotiations run at once; the daemon handles many, this keeps the client's sockets bounded.</summary>
    private const int Parallelism = 64;

    private readonly CancellationTokenSource _stopping = new();
    private int _failures;
    private int _established;

    internal IpsecConnectionJob(string command, string socketPath, IReadOnlyList<string> names)
        : base(command, $"IpsecUp{string.Join(",", names.Take(3))}{(names.Count > 3 ? ",…" : string.Empty)}")
    {
        Location = socketPath;
        PSJobTypeName = "IpsecConnectionJob";
        SetJobState(JobState.Running);
        _ = RunAsync(socketPath, names);
    }

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Verbose.Count > 0;

    public override string Location { get; }

    public override string StatusMessage => $"{Volatile.Read(ref _established)} up, {Volatile.Read(ref _failures)} failed";

    public override void StopJob()
    {
        _stopping.Cancel();
        SetJobState(JobState.Stopped);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task RunAsync(string socketPath, IReadOnlyList<string> names)
    {
        try
        {
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = _stopping.Token }, async (name, token) =>
            {
                try
                {
                    await using var client = await ControlClient.ConnectAsync(socketPath, token).ConfigureAwait(false);
                    var arguments = JsonSerializer.SerializeToElement(new ConnectionArguments(name), ControlJsonContext.Default.ConnectionArguments);
                    var result = await client.RequestAsync("up", arguments, null, token).ConfigureAwait(false);
                    Output.Add(PSObject.AsPSObject(result?.Deserialize(ControlJsonContext.Default.IpsecConnectionStatus)));
                    Interlocked.Increment(ref _established);
                }
                catch (ControlException e)
                {
                    Interlocked.Increment(ref _failures);
                    var failure = new DaemonRequestException(e);
                    Error.Add(new ErrorRecord(failure, failure.Code, DaemonCmdlet.CategoryOf(failure.Code), name));
                }
            }).ConfigureAwait(false);
            SetJobState(Volatile.Read(ref _failures) == 0 ? JobState.Completed : JobState.Failed);
        }
        catch (OperationCanceledException)
        {
            // StopJob set the state.
        }
    }
}
