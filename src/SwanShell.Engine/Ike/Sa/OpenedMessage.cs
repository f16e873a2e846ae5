namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// A protected message once decrypted (and reassembled): its payloads, and what IntAuth covers of it as it came
/// (RFC 9242 §3.3.2): the IKE header, the SK (or SKF) header's flags octet, and the inner payloads' octets in clear.
/// </summary>
internal sealed record OpenedMessage(IReadOnlyList<IkePayload> Payloads, ReadOnlyMemory<byte> IkeHeader, byte EncryptedPayloadFlags, PayloadType FirstInnerPayload, ReadOnlyMemory<byte> InnerPayloads)
{
    /// <summary>The IntAuth chain value this message gives, with the keys that protected it (kept only once it is accepted).</summary>
    public byte[] IntermediateStep(IkeSa sa, bool isResponse) =>
        sa.Intermediate.Next(!isResponse, IkeHeader.Span, EncryptedPayloadFlags, FirstInnerPayload, InnerPayloads.Span, sa.Algorithms!.Prf, sa.Keys!);
}
