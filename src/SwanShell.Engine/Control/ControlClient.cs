using System.Net.Sockets;
using System.Text.Json;

namespace SwanShell.Engine.Control;

/// <summary>
/// The cmdlets' end of the control socket. One request at a time: events arrive through a callback
/// while the daemon works, then the result, or a <see cref="ControlException"/> with the daemon's error.
/// </summary>
public sealed class ControlClient : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private long _nextId;

    private ControlClient(NetworkStream stream) => _stream = stream;

    /// <exception cref="ControlException">
    /// <see cref="ControlErrorCodes.DaemonNotRunning"/> when nothing listens on the socket,
    /// <see cref="ControlErrorCodes.PermissionDenied"/> when the caller may not open it.
    /// </exception>
    public static async Task<ControlClient> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new ControlClient(new NetworkStream(socket, ownsSocket: true));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw e.SocketErrorCode switch
            {
                SocketError.AccessDenied => new ControlException(ControlErrorCodes.PermissionDenied,
                    $"Permission denied on the SwanShell control socket {socketPath}: run as root or as the daemon's user.", socketPath),
                _ => new ControlException(ControlErrorCodes.DaemonNotRunning,
                    $"The SwanShell daemon is not running (nothing answers on {socketPath}). Start it with Invoke-IpsecSetup -Action Start.", socketPath),
            };
        }
    }

    public async Task<JsonElement?> RequestAsync(string command, JsonElement? arguments, Action<ControlEvent>? onEvent, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        await ControlProtocol.WriteAsync(_stream, new ControlRequest(ControlProtocol.Version, id, command, arguments), ControlJsonContext.Default.ControlRequest, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var reply = await ControlProtocol.ReadAsync(_stream, ControlJsonContext.Default.ControlReply, ControlProtocol.MaxReplyBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new ControlException(ControlErrorCodes.DaemonNotRunning, $"The SwanShell daemon closed the control connection during '{command}'.");
            if (reply.Id != id && reply.Id != 0)
            {
                continue; // A late event of an earlier request.
            }

            switch (reply.Kind)
            {
                case ControlReplyKind.Event when reply.Event is not null:
                    onEvent?.Invoke(reply.Event);
                    break;
                case ControlReplyKind.Error:
                    var error = reply.Error ?? new ControlError(ControlErrorCodes.InternalError, "The daemon reported an error without details.");
                    throw new ControlException(error.Code, error.Message, error.Target);
                default:
                    return reply.Result;
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
