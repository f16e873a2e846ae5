using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SwanShell.Engine.Control;

/// <summary>
/// The wire form of the control protocol: each message is a 4-byte big-endian length and that many
/// bytes of UTF-8 JSON. Lengths are bounded so a broken or hostile client cannot make the daemon allocate without limit.
/// </summary>
public static class ControlProtocol
{
    /// <summary>Bumped when a message changes incompatibly; the daemon refuses other versions with a clear error.</summary>
    public const int Version = 1;

    /// <summary>The longest request the daemon reads from a client.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The longest reply a client reads from the daemon: a connection with its IKE SA and Child SA is about 1.5 KiB of
    /// status JSON, so the status of 11,000 established tunnels (or 10,000 in the middle of rekeys) is more than
    /// <see cref="MaxMessageBytes"/>.
    /// </summary>
    public const int MaxReplyBytes = 1024 * 1024 * 1024;

    public static async Task WriteAsync<T>(Stream stream, T message, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Frame(message, type), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One message as it goes on the wire: its length, then its JSON.</summary>
    public static byte[] Frame<T>(T message, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, type);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>The next message, or null when the peer closed the stream between messages.</summary>
    /// <exception cref="ControlProtocolException">The frame is cut short, longer than <see cref="MaxMessageBytes"/>, or not the expected JSON.</exception>
    public static Task<T?> ReadAsync<T>(Stream stream, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync(stream, type, MaxMessageBytes, cancellationToken);

    /// <summary>The next message, or null when the peer closed the stream between messages.</summary>
    /// <exception cref="ControlProtocolException">The frame is cut short, longer than <paramref name="maxBytes"/>, or not the expected JSON.</exception>
    public static async Task<T?> ReadAsync<T>(Stream stream, JsonTypeInfo<T> type, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        var header = new byte[4];
        var got = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new ControlProtocolException("the message was cut off in its length prefix");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length <= 0 || length > maxBytes)
        {
            throw new ControlProtocolException($"a message of {length} bytes is outside 1..{maxBytes}");
        }

        var body = new byte[length];
        if (await stream.ReadAtLeastAsync(body, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new ControlProtocolException("the message was cut off in its body");
        }

        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new ControlProtocolException("the message is JSON null");
        }
        catch (JsonException e)
        {
            throw new ControlProtocolException($"the message is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}

/// <summary>The bytes on the control socket do not follow the protocol.</summary>
public sealed class ControlProtocolException(string message) : Exception(message);

/// <summary>A request the daemon refused, with the stable code clients turn into error ids.</summary>
public sealed class ControlException(string code, string message, string? target = null) : Exception(message)
{
    public string Code { get; } = code;

    public string? Target { get; } = target;

    public ControlError ToError() => new(Code, Message, Target);
}
