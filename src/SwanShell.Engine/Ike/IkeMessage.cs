namespace SwanShell.Engine.Ike;

/// <summary>
/// A whole IKE message: the header and the payloads in the clear. When the message is protected its last payload is
/// an <see cref="EncryptedPayload"/> or <see cref="EncryptedFragmentPayload"/>, opened with the IKE SA's
/// <see cref="EncryptedPayloadCipher"/>.
/// </summary>
public sealed class IkeMessage
{
    public IkeMessage(IkeHeader header, IReadOnlyList<IkePayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        Header = header;
        Payloads = payloads;
    }

    public IkeHeader Header { get; }

    public IReadOnlyList<IkePayload> Payloads { get; }

    /// <summary>Parses a datagram (after any non-ESP marker). The payloads refer into <paramref name="datagram"/>.</summary>
    /// <exception cref="IkeProtocolException">The only exception: malformed, another major version, or an unsupported critical payload.</exception>
    public static IkeMessage Parse(ReadOnlyMemory<byte> datagram)
    {
        var header = IkeHeader.Read(datagram.Span);
        return new IkeMessage(header, PayloadChain.Parse(datagram, IkeHeader.Size, header.NextPayload, allowEncrypted: true));
    }

    /// <summary>The message in the clear (IKE_SA_INIT, or an unprotected error reply); Length and Next Payload are filled in.</summary>
    public byte[] Encode()
    {
        var length = IkeHeader.Size + PayloadChain.GetLength(Payloads);
        var message = new byte[length];
        var first = Payloads.Count == 0 ? PayloadType.NoNextPayload : Payloads[0].Type;
        (Header with { NextPayload = first, Length = length }).Write(message);
        PayloadChain.Write(Payloads, message.AsSpan(IkeHeader.Size));
        return message;
    }
}
