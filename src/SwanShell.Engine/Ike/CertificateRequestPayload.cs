namespace SwanShell.Engine.Ike;

/// <summary>
/// CERTREQ (RFC 7296 §3.7). For X.509 the Certification Authority field is a concatenation of SHA-1 hashes of
/// trusted CAs' public keys, 20 bytes each.
/// <code>
/// | Cert Encoding |                                               |
/// +-+-+-+-+-+-+-+-+                                               |
/// ~                    Certification Authority                    ~
/// </code>
/// </summary>
public sealed class CertificateRequestPayload(CertificateEncoding encoding, ReadOnlyMemory<byte> certificationAuthority) : IkePayload
{
    public override PayloadType Type => PayloadType.CertificateRequest;

    public CertificateEncoding Encoding { get; } = encoding;

    public ReadOnlyMemory<byte> CertificationAuthority { get; } = certificationAuthority;

    public override int BodyLength => 1 + CertificationAuthority.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Encoding;
        CertificationAuthority.Span.CopyTo(destination[1..]);
    }

    internal static CertificateRequestPayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.CertificateRequest, body, 1);
        return new CertificateRequestPayload((CertificateEncoding)body.Span[0], body[1..]);
    }
}
