using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// How the ends of a connection prove themselves, resolved against the certificate store when the conn is added (as
/// pluto looks <c>leftcert=</c> up in NSS on <c>--add</c>): our certificate with its private key, the intermediates
/// sent with it, the CAs the peer's chain must end at, and the IDs certificates imply. An end without a certificate
/// proves the PSK of ipsec.secrets. Never printed with its key: <see cref="ToString"/> names certificates only.
/// </summary>
public sealed record ConnectionCredentials
{
    /// <summary>Both ends prove the PSK (<c>authby=secret</c>).</summary>
    public static ConnectionCredentials PreSharedKey { get; } = new();

    /// <summary><c>leftcert=</c>: its name in the store.</summary>
    public string? CertificateName { get; init; }

    /// <summary>Our certificate with its private key: we sign. Null: we prove the PSK.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The intermediate CA certificates of the store between ours and its root, sent after it.</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; init; } = [];

    /// <summary><c>leftsendcert=</c>.</summary>
    public CertificateSendPolicy SendCertificate { get; init; } = CertificateSendPolicy.Always;

    /// <summary>Our ID when the certificate gives it (<c>leftid=%fromcert</c>, or no <c>leftid=</c>): its subject, encoded as there.</summary>
    public Identity? LocalIdentity { get; init; }

    /// <summary>The peer's ID when <c>rightcert=</c> gives it (and no <c>rightid=</c> does).</summary>
    public Identity? RemoteIdentity { get; init; }

    /// <summary>The trusted CAs of the store, which the peer's chain must end at: the peer signs. Null: the peer proves the PSK.</summary>
    public X509Certificate2Collection? TrustedAuthorities { get; init; }

    /// <summary>The keys the peer may sign with, from <c>rightauth=</c> or <c>authby=</c>.</summary>
    public SignatureKeyTypes PeerSignatureKeys { get; init; } = SignatureKeyTypes.Rsa | SignatureKeyTypes.Ecdsa;

    /// <summary>The peer may use RSA Digital Signature (AUTH method 1, SHA-1): its auth method is rsasig, not rsa-sha2.</summary>
    public bool AcceptRsaSha1Signature { get; init; } = true;

    /// <summary><c>rightca=</c>: a CA the peer's chain must pass through; null for <c>%any</c>.</summary>
    public X500DistinguishedName? RequiredAuthority { get; init; }

    /// <summary>
    /// Why the conn cannot negotiate, when what it lacks comes from defaults rather than a certificate it names (e.g. the
    /// default authby=rsasig,ecdsa without leftcert=, or a store that trusts no CA): the conn is added, as pluto adds it,
    /// and negotiating fails with this. Null when usable.
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>The error code of <see cref="Problem"/>.</summary>
    public string ProblemCode { get; init; } = Control.ControlErrorCodes.ConfigInvalid;

    /// <summary>Whether either end proves the PSK, so that ipsec.secrets must have it.</summary>
    public bool UsesPreSharedKey => Certificate is null || TrustedAuthorities is null;

    /// <summary>How each end authenticates, for -WhatIf and the log.</summary>
    public override string ToString()
    {
        if (Problem is not null)
        {
            return $"no usable credentials ({Problem})";
        }

        var local = Certificate is { } certificate
            ? $"certificate '{CertificateName}' ({DistinguishedNames.Format(certificate.SubjectName)})"
            : "the PSK from ipsec.secrets";
        var remote = TrustedAuthorities is null
            ? "the PSK"
            : RequiredAuthority is { } ca ? $"a certificate under {DistinguishedNames.Format(ca)}" : "a certificate from a trusted CA";
        return $"{local}, expecting {remote}";
    }
}
