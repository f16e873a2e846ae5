using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// KE (RFC 7296 §3.4).
/// <code>
/// |   Key Exchange Method Num     |           RESERVED            |
/// ~                       Key Exchange Data                       ~
/// </code>
/// </summary>
public sealed class KeyExchangePayload(KeyExchangeTransformId method, ReadOnlyMemory<byte> keyExchangeData) : IkePayload
{
    public override PayloadType Type => PayloadType.KeyExchange;

    public KeyExchangeTransformId Method { get; } = method;

    public ReadOnlyMemory<byte> KeyExchangeData { get; } = keyExchangeData;

    public override int BodyLength => 4 + KeyExchangeData.Length;

    public override void WriteBody(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Method);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        KeyExchangeData.Span.CopyTo(destination[4..]);
    }

    internal static KeyExchangePayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.KeyExchange, body, 4);
        return new KeyExchangePayload((KeyExchangeTransformId)BinaryPrimitives.ReadUInt16BigEndian(body.Span), body[4..]);
    }
}
