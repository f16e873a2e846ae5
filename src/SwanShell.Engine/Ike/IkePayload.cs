namespace SwanShell.Engine.Ike;

/// <summary>
/// A payload after its generic header (RFC 7296 §3.2). Parsed payloads keep slices of the message buffer rather than
/// copies, so they live as long as that buffer.
/// </summary>
public abstract class IkePayload
{
    public abstract PayloadType Type { get; }

    /// <summary>Bytes after the 4-byte generic payload header.</summary>
    public abstract int BodyLength { get; }

    public abstract void WriteBody(Span<byte> destination);

    /// <summary>
    /// What this payload's Next Payload field holds when it is not simply the following payload's type: SK and SKF
    /// name the first payload inside them (RFC 7296 §3.14).
    /// </summary>
    internal virtual PayloadType? NextPayloadOverride => null;

    /// <summary>The body as a new array: for the octets that AUTH signs (RestOfIDPayload) and for tests.</summary>
    public byte[] GetBody()
    {
        var body = new byte[BodyLength];
        WriteBody(body);
        return body;
    }
}
