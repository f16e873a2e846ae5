namespace SwanShell.Engine.Ike;

/// <summary>Ni and Nr (RFC 7296 §3.9): 16 to 256 bytes of Nonce Data.</summary>
public sealed class NoncePayload : IkePayload
{
    public const int MinimumLength = 16;
    public const int MaximumLength = 256;

    public NoncePayload(ReadOnlyMemory<byte> nonceData)
    {
        if (nonceData.Length is < MinimumLength or > MaximumLength)
        {
            throw IkeProtocolException.InvalidSyntax($"a nonce of {nonceData.Length} bytes is outside {MinimumLength}..{MaximumLength}");
        }

        NonceData = nonceData;
    }

    public override PayloadType Type => PayloadType.Nonce;

    public ReadOnlyMemory<byte> NonceData { get; }

    public override int BodyLength => NonceData.Length;

    public override void WriteBody(Span<byte> destination) => NonceData.Span.CopyTo(destination);

    internal static NoncePayload Parse(ReadOnlyMemory<byte> body) => new(body);
}
