using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// Resolves what a conn authenticates with (<c>authby=</c>, <c>leftauth=</c>/<c>rightauth=</c>, <c>leftcert=</c>,
/// <c>leftid=%fromcert</c>, <c>rightca=</c>, <c>leftsendcert=</c>) against the daemon's certificate store. Errors
/// name the conn's file and line and say what to do; they name keys by file, never by content. One resolver serves
/// one batch of conns, reading each certificate and the trusted CAs once.
/// </summary>
public sealed class CredentialResolver(CertificateStore store)
{
    private readonly Dictionary<(string Name, bool WithKey), X509Certificate2> _certificates = [];
    private X509Certificate2Collection? _trusted;
    private IReadOnlyList<StoredCertificate>? _all;

    public CertificateStore Store { get; } = store;

    /// <exception cref="ControlException">A certificate is missing or unusable, or the auth methods need what the conn lacks.</exception>
    public ConnectionCredentials Resolve(OrientedConnection oriented)
    {
        ArgumentNullException.ThrowIfNull(oriented);
        var conn = oriented.Definition;
        if (conn.Type is not (ConnectionType.Tunnel or ConnectionType.Transport))
        {
            return ConnectionCredentials.PreSharedKey; // Shunts never negotiate.
        }

        var (local, remote) = (oriented.Local, oriented.Remote);
        var (l, r) = oriented.LocalSide == ConnectionSide.Left ? ("left", "right") : ("right", "left");
        var localMethods = Methods(conn, local);
        var remoteMethods = Methods(conn, remote);
        if ((Unsupported(conn, local, l, localMethods) ?? Unsupported(conn, remote, r, remoteMethods)) is { } unsupported)
        {
            return new ConnectionCredentials { Problem = unsupported, ProblemCode = ControlErrorCodes.NotSupported };
        }

        var credentials = ConnectionCredentials.PreSharedKey;
        X509Certificate2? certificate = null;
        if (IsSignature(localMethods))
        {
            if (local.Certificate is null)
            {
                return NoCertificate(conn, local, l, localMethods);
            }

            certificate = LocalCertificate(conn, local, local.Certificate, l, localMethods);
            credentials = credentials with
            {
                CertificateName = local.Certificate,
                Certificate = certificate,
                CertificateChain = Intermediates(certificate),
                SendCertificate = local.SendCertificate switch
                {
                    SendCertificatePolicy.IfAsked => CertificateSendPolicy.IfAsked,
                    SendCertificatePolicy.Never => CertificateSendPolicy.Never,
                    _ => CertificateSendPolicy.Always,
                },
                LocalIdentity = local.Id is null or { Kind: IkeIdentityKind.FromCertificate } ? Identity.DistinguishedName(certificate.SubjectName) : null,
            };
        }
        else if (local.Id?.Kind == IkeIdentityKind.FromCertificate)
        {
            throw Invalid(conn, $"{l}id=%fromcert takes the ID from {l}cert=, but this end proves a pre-shared key", $"give {l}id= an ID such as @{l}.example.com");
        }

        if (IsSignature(remoteMethods))
        {
            if (NoTrustedAuthorities(conn) is { } problem)
            {
                return new ConnectionCredentials { Problem = problem, ProblemCode = ControlErrorCodes.CertificateNotFound };
            }

            credentials = credentials with
            {
                TrustedAuthorities = _trusted,
                PeerSignatureKeys = (remoteMethods.Any(AllowsRsa) ? SignatureKeyTypes.Rsa : SignatureKeyTypes.None) | (remoteMethods.Any(AllowsEcdsa) ? SignatureKeyTypes.Ecdsa : SignatureKeyTypes.None),
                AcceptRsaSha1Signature = remoteMethods.Any(m => m is AuthenticationMethod.RsaSig or AuthenticationMethod.RsaSha1),
                RequiredAuthority = RequiredAuthority(conn, local, remote, certificate, l, r),
                RemoteIdentity = remote.Id is null && remote.Certificate is { } peerCertificate ? Identity.DistinguishedName(Load(conn, peerCertificate, r, withKey: false).SubjectName) : null,
            };
        }

        return credentials;
    }

    private static AuthenticationMethod[] Methods(ConnectionDefinition conn, ConnectionEnd end) =>
        end.Authentication is { } method ? [method] : [.. conn.AuthBy];

    private static string? Unsupported(ConnectionDefinition conn, ConnectionEnd end, string side, AuthenticationMethod[] methods)
    {
        var method = methods.FirstOrDefault(m => m is AuthenticationMethod.Null or AuthenticationMethod.EapOnly);
        return method is AuthenticationMethod.Null or AuthenticationMethod.EapOnly
            ? $"{conn.Location}: conn '{conn.Name}': {Keyword(conn, end, side)}={Word(method)} is not supported by SwanShell yet; use secret, rsasig, rsa-sha2 or ecdsa."
            : null;
    }

    private static bool IsSignature(AuthenticationMethod[] methods) => methods.Any(m => AllowsRsa(m) || AllowsEcdsa(m));

    private static bool AllowsRsa(AuthenticationMethod m) => m is AuthenticationMethod.RsaSig or AuthenticationMethod.RsaSha1
        or AuthenticationMethod.RsaSha2_256 or AuthenticationMethod.RsaSha2_384 or AuthenticationMethod.RsaSha2_512;

    private static bool AllowsEcdsa(AuthenticationMethod m) => m is AuthenticationMethod.Ecdsa
        or AuthenticationMethod.EcdsaSha2_256 or AuthenticationMethod.EcdsaSha2_384 or AuthenticationMethod.EcdsaSha2_512;

    /// <summary>Signatures without <c>leftcert=</c>: raw keys are not supported; otherwise the conn waits for a certificate.</summary>
    private ConnectionCredentials NoCertificate(ConnectionDefinition conn, ConnectionEnd local, string side, AuthenticationMethod[] methods)
    {
        if ((local.RsaSigKey ?? local.EcdsaKey ?? local.PublicKey ?? local.Ckaid) is not null)
        {
            throw new ControlException(ControlErrorCodes.NotSupported, $"{conn.Location}: conn '{conn.Name}': raw public keys ({side}rsasigkey=, {side}ecdsakey=, {side}pubkey=, {side}ckaid=) are not supported by SwanShell yet; use {side}cert= with a certificate of the store.", conn.Name);
        }

        return new ConnectionCredentials
        {
            Problem = $"{conn.Location}: conn '{conn.Name}': {Keyword(conn, local, side)}={string.Join(',', methods.Select(Word))} signs with a certificate, but this end has no {side}cert=; import the certificate with its key (Import-IpsecCertificate -Path FILE.p12 -Name NAME -StorePath {Store.Path}) and set {side}cert=NAME, or use authby=secret for a pre-shared key.",
        };
    }

    private X509Certificate2 LocalCertificate(ConnectionDefinition conn, ConnectionEnd local, string name, string side, AuthenticationMethod[] methods)
    {
        var how = $"{Keyword(conn, local, side)}={string.Join(',', methods.Select(Word))}";
        var certificate = Load(conn, name, side, withKey: true);
        var rsa = certificate.GetRSAPublicKey();
        var ecdsa = certificate.GetECDsaPublicKey();
        var fits = (rsa is not null && methods.Any(AllowsRsa)) || (ecdsa is not null && methods.Any(AllowsEcdsa));
        var key = rsa is not null ? $"an RSA {rsa.KeySize} key" : ecdsa is not null ? $"an ECDSA P-{ecdsa.KeySize} key" : "a key that is neither RSA nor ECDSA";
        rsa?.Dispose();
        ecdsa?.Dispose();
        if (!fits)
        {
            var want = methods.Any(AllowsRsa) ? "an RSA key" : "an ECDSA key";
            var other = rsa is not null ? "rsasig (or rsa-sha2)" : "ecdsa";
            throw Invalid(conn, $"{how} needs {want}, but the certificate '{name}' has {key}", $"use {Keyword(conn, local, side)}={other}, or a certificate with {want}");
        }

        return certificate;
    }

    private X509Certificate2 Load(ConnectionDefinition conn, string name, string side, bool withKey)
    {
        if (_certificates.TryGetValue((name, withKey), out var cached))
        {
            return cached;
        }

        EnsureStore(conn, $"{side}cert={name}");
        try
        {
            var certificate = Store.Load(name, withKey);
            _certificates[(name, withKey)] = certificate;
            return certificate;
        }
        catch (CertificateStoreException e) when (e.Error == CertificateStoreError.CertificateNotFound)
        {
            var closest = EditDistance.Closest(name, StoredCertificates().Select(c => c.Name).ToList());
            throw new ControlException(ControlErrorCodes.CertificateNotFound,
                $"{conn.Location}: conn '{conn.Name}': {side}cert={name}: the certificate store at {Store.Path} has no certificate named '{name}'{(closest is null ? string.Empty : $" (did you mean '{closest}'?)")}; import it with Import-IpsecCertificate -Path FILE -Name '{name}' -StorePath {Store.Path} (ipsec import), or list the store with Get-IpsecCertificate.",
                conn.Name);
        }
        catch (CertificateStoreException e) when (e.Error == CertificateStoreError.PrivateKeyNotFound)
        {
            throw new ControlException(ControlErrorCodes.CertificateNotFound,
                $"{conn.Location}: conn '{conn.Name}': {side}cert={name}: the certificate store at {Store.Path} holds the certificate but not its private key ({Store.PrivateKeyPath(name)}); import the PKCS#12 file that has the key with Import-IpsecCertificate -Name '{name}'.",
                conn.Name);
        }
    }

    /// <summary>Why the peer's certificate cannot be verified (no store, or it trusts no CA); null when it can.</summary>
    private string? NoTrustedAuthorities(ConnectionDefinition conn)
    {
        if (!Store.Exists)
        {
            return NoStore(conn, "verifying the peer's certificate");
        }

        _trusted ??= Store.TrustedAuthorities();
        return _trusted.Count > 0 ? null
            : $"{conn.Location}: conn '{conn.Name}': the peer signs with a certificate, but the certificate store at {Store.Path} trusts no CA; import the CA certificate (Import-IpsecCertificate) and trust it with Test-IpsecCertificateStore -SetTrust -StorePath {Store.Path} (ipsec checknss --settrusts), then replace the conn (ipsec auto --replace).";
    }

    /// <summary><c>rightca=</c>: <c>%same</c> is our own CA (<c>leftca=</c>, else the issuer of <c>leftcert=</c>); unset and <c>%any</c> take any trusted CA.</summary>
    private static X500DistinguishedName? RequiredAuthority(ConnectionDefinition conn, ConnectionEnd local, ConnectionEnd remote, X509Certificate2? certificate, string l, string r)
    {
        var value = remote.CertificateAuthority;
        if (value is null || value.Equals("%any", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.Equals("%same", StringComparison.OrdinalIgnoreCase))
        {
            if (local.CertificateAuthority is { } own && !own.StartsWith('%'))
            {
                return Authority(conn, own, l);
            }

            return certificate?.IssuerName
                ?? throw Invalid(conn, $"{r}ca=%same means the CA of {l}cert=, but this end has no certificate", $"write the CA's name, e.g. {r}ca=\"C=CH, O=Example, CN=Example CA\", or {r}ca=%any");
        }

        return Authority(conn, value, r);
    }

    private static X500DistinguishedName Authority(ConnectionDefinition conn, string value, string side) =>
        DistinguishedNames.TryParse(value, out var name)
            ? name!
            : throw Invalid(conn, $"{side}ca=\"{value}\" is not a distinguished name", $"write it as libreswan does, e.g. {side}ca=\"C=CH, O=Example, CN=Example CA\", or use %same or %any");

    /// <summary>The store's intermediate CAs from our certificate up to (not including) its root.</summary>
    private X509Certificate2[] Intermediates(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var stored in StoredCertificates().Where(c => c.IsCertificateAuthority))
        {
            chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificateFromFile(stored.Path));
        }

        chain.Build(certificate);
        return [.. chain.ChainElements.Skip(1).Select(e => e.Certificate).Where(c => !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))];
    }

    private IReadOnlyList<StoredCertificate> StoredCertificates() => _all ??= Store.Exists ? Store.List() : [];

    private void EnsureStore(ConnectionDefinition conn, string why)
    {
        if (!Store.Exists)
        {
            throw new ControlException(ControlErrorCodes.CertificateNotFound, NoStore(conn, why), conn.Name);
        }
    }

    private string NoStore(ConnectionDefinition conn, string why) =>
        $"{conn.Location}: conn '{conn.Name}': {why} needs the certificate store, but there is none at {Store.Path}; create it with Initialize-IpsecCertificateStore -StorePath {Store.Path} (ipsec initnss) and import the certificates, or point nssdir= in config setup at the store.";

    private static ControlException Invalid(ConnectionDefinition conn, string problem, string fix) =>
        new(ControlErrorCodes.ConfigInvalid, $"{conn.Location}: conn '{conn.Name}': {problem}; {fix}.", conn.Name);

    /// <summary>Which keyword set an end's method: <c>leftauth=</c>, or <c>authby=</c> (which also fills in both ends' when it names one method).</summary>
    private static string Keyword(ConnectionDefinition conn, ConnectionEnd end, string side) =>
        end.Authentication is { } method && !(conn.AuthBy.Count == 1 && conn.AuthBy[0] == method) ? side + "auth" : "authby";

    private static string Word(AuthenticationMethod method) => method switch
    {
        AuthenticationMethod.RsaSig => "rsasig",
        AuthenticationMethod.RsaSha1 => "rsa-sha1",
        AuthenticationMethod.EapOnly => "eaponly",
        _ => method.ToString().ToLowerInvariant().Replace("sha2", "-sha2", StringComparison.Ordinal),
    };
}
