using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// EAP (RFC 7296 §3.16): one EAP message (RFC 3748 §4). We do not run EAP; the payload is parsed so that a peer
/// offering it gets a clear refusal, and written back unchanged.
/// <code>
/// |     Code      | Identifier    |           Length              |
/// |     Type      | Type_Data...
/// </code>
/// </summary>
public sealed class EapPayload : IkePayload
{
    private EapPayload(ReadOnlyMemory<byte> eapMessage) => EapMessage = eapMessage;

    public override PayloadType Type => PayloadType.ExtensibleAuthentication;

    /// <summary>The whole EAP message, from Code on.</summary>
    public ReadOnlyMemory<byte> EapMessage { get; }

    /// <summary>1 Request, 2 Response, 3 Success, 4 Failure.</summary>
    public byte Code => EapMessage.Span[0];

    public byte Identifier => EapMessage.Span[1];

    /// <summary>The EAP method type of a Request or Response; null for Success and Failure.</summary>
    public byte? EapType => Code is 1 or 2 ? EapMessage.Span[4] : null;

    public override int BodyLength => EapMessage.Length;

    public override void WriteBody(Span<byte> destination) => EapMessage.Span.CopyTo(destination);

    internal static EapPayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.ExtensibleAuthentication, body, 4);
        var span = body.Span;
        var code = span[0];
        int length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (code is < 1 or > 4 || length != span.Length || (code is 1 or 2 && length < 5))
        {
            throw IkeProtocolException.InvalidSyntax($"an EAP message with code {code} and length {length} in {span.Length} bytes");
        }

        return new EapPayload(body);
    }
}
