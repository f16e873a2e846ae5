using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Certificates in IKE_AUTH: the CERT and CERTREQ payloads we send (RFC 7296 §3.6, §3.7), the RFC 7427 signature
/// algorithm we sign with, and checking the peer's chain against our trusted CAs and its ID against its certificate.
/// </summary>
internal static class CertificateAuthentication
{
    /// <summary>The hashes we accept in RFC 7427 signatures, announced in SIGNATURE_HASH_ALGORITHMS.</summary>
    public static readonly SignatureHashAlgorithm[] SupportedHashes = [SignatureHashAlgorithm.SHA2_256, SignatureHashAlgorithm.SHA2_384, SignatureHashAlgorithm.SHA2_512];

    public static NotifyPayload SignatureHashAlgorithmsNotify()
    {
        var data = new byte[2 * SupportedHashes.Length];
        for (var i = 0; i < SupportedHashes.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2 * i), (ushort)SupportedHashes[i]);
        }

        return new NotifyPayload(NotifyMessageType.SIGNATURE_HASH_ALGORITHMS, data);
    }

    public static IReadOnlyList<SignatureHashAlgorithm> ReadSignatureHashAlgorithms(IReadOnlyList<IkePayload> payloads)
    {
        var data = payloads.FindNotify(NotifyMessageType.SIGNATURE_HASH_ALGORITHMS)?.NotificationData ?? ReadOnlyMemory<byte>.Empty;
        var hashes = new List<SignatureHashAlgorithm>();
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            hashes.Add((SignatureHashAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(data.Span[i..]));
        }

        return hashes;
    }

    /// <summary>Our end-entity certificate, then the intermediates, each in its own CERT payload.</summary>
    public static IEnumerable<CertificatePayload> CertificatePayloads(IkeSaOptions options) =>
        new[] { options.Certificate! }.Concat(options.CertificateChain)
            .Select(c => new CertificatePayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, c.RawData));

    /// <summary>CERTREQ naming our trusted CAs by the SHA-1 hash of their SubjectPublicKeyInfo (§3.7).</summary>
    public static CertificateRequestPayload CertificateRequest(X509Certificate2Collection trusted)
    {
#pragma warning disable CA5350 // §3.7 fixes SHA-1 for naming CAs; it is an identifier, not a signature.
        var hashes = trusted.SelectMany(ca => SHA1.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo())).ToArray();
#pragma warning restore CA5350
        return new CertificateRequestPayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, hashes);
    }

    /// <summary>
    /// The RFC 7427 signature algorithm for our key, using a hash the peer announced: ECDSA with the hash that matches
    /// the curve, RSASSA-PSS (RFC 8247's MUST) for RSA; null when the peer announced none of them.
    /// </summary>
    public static ISignatureAlgorithm? ChooseSignature(AsymmetricAlgorithm key, IReadOnlyList<SignatureHashAlgorithm> peerHashes)
    {
        ISignatureAlgorithm[] candidates = key is ECDsa ecdsa
            ? ecdsa.KeySize switch
            {
                <= 256 => [EcdsaSignature.Sha256, EcdsaSignature.Sha384, EcdsaSignature.Sha512],
                <= 384 => [EcdsaSignature.Sha384, EcdsaSignature.Sha512, EcdsaSignature.Sha256],
                _ => [EcdsaSignature.Sha512, EcdsaSignature.Sha384, EcdsaSignature.Sha256],
            }
            : [RsaPssSignature.Sha256, RsaPssSignature.Sha384, RsaPssSignature.Sha512];
        return candidates.FirstOrDefault(c => peerHashes.Contains(c.Hash));
    }

    public static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new InvalidOperationException("the certificate has no ECDSA or RSA private key");

    /// <summary>
    /// The peer's end-entity certificate, once its chain leads to one of <paramref name="trusted"/> at
    /// <paramref name="now"/>, passes through <paramref name="requiredAuthority"/> when one is given (<c>rightca=</c>),
    /// and it names <paramref name="peer"/>; otherwise AUTHENTICATION_FAILED. The chain is checked on every call; only
    /// the parsing of the certificates comes from <paramref name="parsed"/>.
    /// </summary>
    public static ParsedCertificate VerifyPeerCertificate(IReadOnlyList<IkePayload> message, Identity peer, X509Certificate2Collection trusted, X500DistinguishedName? requiredAuthority, DateTimeOffset now, PeerCertificateCache parsed)
    {
        var certificates = new List<ParsedCertificate>();
        try
        {
            foreach (var payload in message.OfType<CertificatePayload>().Where(c => c.Encoding == CertificateEncoding.X509_CERTIFICATE_SIGNATURE))
            {
                certificates.Add(parsed.Get(payload.CertificateData.Span));
            }
        }
        catch (CryptographicException e)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} sent a certificate that does not parse: {e.Message}");
        }

        if (certificates.Count == 0)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} sent no X.509 certificate");
        }

        var leaf = certificates[0].Certificate;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).Select(c => c.Certificate).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        // The chain is what the peer sent plus our store: never fetch issuers named in its certificate from the loop.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(leaf))
        {
            var why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"the certificate of {peer} ({DistinguishedNames.Format(leaf.SubjectName)}, issued by {DistinguishedNames.Format(leaf.IssuerName)}) does not chain to a trusted CA: {why}");
        }

        if (requiredAuthority is not null && !chain.ChainElements.Skip(1).Any(e => DistinguishedNames.Matches(requiredAuthority, e.Certificate.SubjectName, wildcards: false)))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED,
                $"the certificate of {peer} ({DistinguishedNames.Format(leaf.SubjectName)}) is not issued under the CA {DistinguishedNames.Format(requiredAuthority)} that rightca= requires");
        }

        if (!Names(leaf, peer))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"the certificate {DistinguishedNames.Format(leaf.SubjectName)} does not name {peer}");
        }

        return certificates[0];
    }

    /// <summary>Whether the certificate vouches for the ID: its subject DN, or a subjectAltName of the ID's kind.</summary>
    private static bool Names(X509Certificate2 certificate, Identity id)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return id.Type switch
        {
            IdentificationType.ID_DER_ASN1_DN => DistinguishedNames.Matches(certificate.SubjectName, new X500DistinguishedName(id.Data.Span), wildcards: false),
            IdentificationType.ID_FQDN => san is not null && san.EnumerateDnsNames().Contains(Encoding.ASCII.GetString(id.Data.Span), StringComparer.OrdinalIgnoreCase),
            IdentificationType.ID_IPV4_ADDR or IdentificationType.ID_IPV6_ADDR => san is not null && san.EnumerateIPAddresses().Contains(new IPAddress(id.Data.Span)),
            _ => false,
        };
    }
}
