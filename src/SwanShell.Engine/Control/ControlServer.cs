using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace SwanShell.Engine.Control;

/// <summary>
/// The daemon's end of the control socket: a Unix socket with mode 0600, peers checked with SO_PEERCRED,
/// one task per client. A bad request gets an error reply; a client that breaks the framing or goes away
/// is dropped; neither disturbs the daemon or other clients.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    // How much of what is queued for a client goes out in one write.
    private const int BatchBytes = 1024 * 1024;

    private readonly string _socketPath;
    private readonly IControlHandler _handler;
    private readonly ControlAccessPolicy _policy;
    private readonly Action<string> _log;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _clients = [];
    private Task _acceptLoop = Task.CompletedTask;

    public ControlServer(string socketPath, IControlHandler handler, ControlAccessPolicy policy, Action<string> log)
    {
        _socketPath = socketPath;
        _handler = handler;
        _policy = policy;
        _log = log;
    }

    /// <summary>Binds (replacing a stale socket file), restricts the socket to its owner, and starts accepting.</summary>
    public void Start()
    {
        File.Delete(_socketPath);
        _listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);

        // Let clients receive what they were answered (e.g. the reply to "shutdown") before the process ends.
        Task[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        File.Delete(_socketPath);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var serving = ServeAsync(client, cancellationToken);
            lock (_clients)
            {
                _clients.Add(serving);
            }

            _ = serving.ContinueWith(
                done =>
                {
                    lock (_clients)
                    {
                        _clients.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(client, ownsSocket: true);
        var peer = PeerCredentials.Of(client);

        // Replies and events leave through one queue and one writer: handlers report events from any thread
        // without waiting for a slow client, and the client sees them in order, before the result.
        var outgoing = Channel.CreateUnbounded<ControlReply>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteLoopAsync(stream, outgoing.Reader);
        try
        {
            if (!_policy.Allows(peer))
            {
                _log($"control: refused uid {peer.UserId} (pid {peer.ProcessId}): not root, not the daemon's user, not in the control group");
                outgoing.Writer.TryWrite(new ControlReply(0, ControlReplyKind.Error, Error: new ControlError(
                    ControlErrorCodes.PermissionDenied, "Permission denied: only root, the daemon's user or its control group may control SwanShell.")));
                return;
            }

            while (await ControlProtocol.ReadAsync(stream, ControlJsonContext.Default.ControlRequest, cancellationToken).ConfigureAwait(false) is { } request)
            {
                var id = request.Id;
                var reply = await DispatchAsync(request, e => outgoing.Writer.TryWrite(new ControlReply(id, ControlReplyKind.Event, Event: e)), cancellationToken).ConfigureAwait(false);
                outgoing.Writer.TryWrite(reply);
            }
        }
        catch (ControlProtocolException e)
        {
            _log($"control: dropped client pid {peer.ProcessId}: {e.Message}");
            outgoing.Writer.TryWrite(new ControlReply(0, ControlReplyKind.Error, Error: new ControlError(ControlErrorCodes.BadRequest, e.Message)));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or the daemon is stopping: nothing to answer.
        }
        finally
        {
            outgoing.Writer.Complete();
            await writer.ConfigureAwait(false);
        }
    }

    private static async Task WriteLoopAsync(Stream stream, ChannelReader<ControlReply> replies)
    {
        // Events come in bursts (one per conn when thousands are added): what is queued leaves in one write, not one each.
        var frames = new List<byte[]>();
        try
        {
            while (await replies.WaitToReadAsync().ConfigureAwait(false))
            {
                frames.Clear();
                var length = 0;
                while (length < BatchBytes && replies.TryRead(out var reply))
                {
                    frames.Add(ControlProtocol.Frame(reply, ControlJsonContext.Default.ControlReply));
                    length += frames[^1].Length;
                }

                await stream.WriteAsync(frames.Count == 1 ? frames[0] : Concatenate(frames, length)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client is gone; what it was sent no longer matters.
        }
    }

    private static byte[] Concatenate(List<byte[]> frames, int length)
    {
        var bytes = new byte[length];
        var at = 0;
        foreach (var frame in frames)
        {
            frame.CopyTo(bytes, at);
            at += frame.Length;
        }

        return bytes;
    }

    private async Task<ControlReply> DispatchAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken)
    {
        if (request.Version != ControlProtocol.Version)
        {
            return Failure(request, new ControlException(ControlErrorCodes.ProtocolVersionMismatch,
                $"This daemon speaks control protocol {ControlProtocol.Version}, the client {request.Version}: use the module and daemon of the same SwanShell version."));
        }

        try
        {
            var result = await _handler.HandleAsync(request, events, cancellationToken).ConfigureAwait(false);
            return new ControlReply(request.Id, ControlReplyKind.Result, Result: result);
        }
        catch (ControlException e)
        {
            return Failure(request, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log($"control: '{request.Command}' failed: {e}");
            return Failure(request, new ControlException(ControlErrorCodes.InternalError, $"The daemon failed to carry out '{request.Command}': {e.Message}"));
        }
    }

    private static ControlReply Failure(ControlRequest request, ControlException e) => new(request.Id, ControlReplyKind.Error, Error: e.ToError());

    /// <summary>Serialises a typed result for a reply.</summary>
    public static JsonElement ToResult<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToElement(value, type);
}
