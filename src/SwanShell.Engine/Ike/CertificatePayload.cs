namespace SwanShell.Engine.Ike;

/// <summary>
/// CERT (RFC 7296 §3.6).
/// <code>
/// | Cert Encoding |                                               |
/// +-+-+-+-+-+-+-+-+                                               |
/// ~                       Certificate Data                        ~
/// </code>
/// </summary>
public sealed class CertificatePayload(CertificateEncoding encoding, ReadOnlyMemory<byte> certificateData) : IkePayload
{
    public override PayloadType Type => PayloadType.Certificate;

    public CertificateEncoding Encoding { get; } = encoding;

    public ReadOnlyMemory<byte> CertificateData { get; } = certificateData;

    public override int BodyLength => 1 + CertificateData.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Encoding;
        CertificateData.Span.CopyTo(destination[1..]);
    }

    internal static CertificatePayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.Certificate, body, 1);
        return new CertificatePayload((CertificateEncoding)body.Span[0], body[1..]);
    }
}
