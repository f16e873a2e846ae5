namespace SwanShell.Engine.Certificates;

/// <summary>What <c>ipsec checknss</c> finds: the store's contents, its problems, and the CA certificates it newly trusted.</summary>
public sealed record CertificateStoreReport(
    string Path,
    bool Exists,
    bool Created,
    int CertificateCount,
    int PrivateKeyCount,
    int TrustedCount,
    IReadOnlyList<StoreProblem> Problems,
    IReadOnlyList<string> NewlyTrusted)
{
    public bool IsHealthy => Exists && Problems.Count == 0;
}

/// <summary>
/// Checks a store's layout, permissions and keys: every key file 0600 and matching its certificate, directories closed to
/// others, certificates readable and within their validity. Checking changes nothing; <see cref="UntrustedAuthorities"/> lists what --settrusts would trust.
/// </summary>
public static class CertificateStoreCheck
{
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static IReadOnlyList<StoreProblem> Run(CertificateStore store, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.Exists)
        {
            return [new StoreProblem(StoreProblemKind.StoreMissing, store.Path, null, $"There is no certificate store at {store.Path}.")];
        }

        var problems = new List<StoreProblem>();
        foreach (var directory in new[] { store.Path, store.PrivateKeyDirectory }.Where(Directory.Exists))
        {
            if ((File.GetUnixFileMode(directory) & OthersAccess) != 0)
            {
                problems.Add(new StoreProblem(StoreProblemKind.DirectoryTooOpen, directory, null, $"The directory {directory} is open to others ({Octal(directory)}); it should be 0700."));
            }
        }

        var certificates = store.CertificateFiles().ToDictionary(f => f.Name, f => f.Path, StringComparer.Ordinal);
        foreach (var (name, path) in certificates)
        {
            CheckCertificate(problems, name, path, now);
        }

        foreach (var (name, path) in store.PrivateKeyFiles())
        {
            CheckKey(problems, certificates, name, path);
        }

        return problems;
    }

    /// <summary>
    /// The CA certificates (basicConstraints CA) not trusted yet: what <c>ipsec checknss --settrusts</c> trusts, each with
    /// <see cref="CertificateStore.SetTrusted"/> once the user agreed.
    /// </summary>
    public static IReadOnlyList<string> UntrustedAuthorities(CertificateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. store.List().Where(c => c.IsCertificateAuthority && !c.Trusted).Select(c => c.Name)];
    }

    public static CertificateStoreReport Report(CertificateStore store, bool created, IReadOnlyList<string> newlyTrusted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = Run(store, now);
        if (!store.Exists)
        {
            return new CertificateStoreReport(store.Path, false, created, 0, 0, 0, problems, newlyTrusted);
        }

        var certificates = store.List();
        return new CertificateStoreReport(
            store.Path,
            true,
            created,
            certificates.Count,
            certificates.Count(c => c.HasPrivateKey),
            certificates.Count(c => c.Trusted),
            problems,
            newlyTrusted);
    }

    private static void CheckCertificate(List<StoreProblem> problems, string name, string path, DateTimeOffset now)
    {
        using var certificate = CertificateStore.TryLoad(path);
        if (certificate is null)
        {
            problems.Add(new StoreProblem(StoreProblemKind.UnreadableCertificate, path, name, $"The certificate file {path} of '{name}' cannot be read as an X.509 certificate."));
        }
        else if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            problems.Add(new StoreProblem(StoreProblemKind.CertificateExpired, path, name, $"The certificate '{name}' expired on {certificate.NotAfter.ToUniversalTime():u}."));
        }
        else if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            problems.Add(new StoreProblem(StoreProblemKind.CertificateNotYetValid, path, name, $"The certificate '{name}' is not valid before {certificate.NotBefore.ToUniversalTime():u}."));
        }
    }

    private static void CheckKey(List<StoreProblem> problems, Dictionary<string, string> certificates, string name, string path)
    {
        if ((File.GetUnixFileMode(path) & OthersAccess) != 0)
        {
            problems.Add(new StoreProblem(StoreProblemKind.PrivateKeyTooOpen, path, name, $"The private key file {path} of '{name}' is open to others ({Octal(path)}); it should be 0600."));
        }

        if (!certificates.TryGetValue(name, out var certificatePath))
        {
            problems.Add(new StoreProblem(StoreProblemKind.KeyWithoutCertificate, path, name, $"The private key file {path} has no certificate named '{name}'."));
            return;
        }

        using var key = PrivateKeyPem.ReadFile(path);
        using var certificate = CertificateStore.TryLoad(certificatePath);
        if (key is null)
        {
            problems.Add(new StoreProblem(StoreProblemKind.UnreadableKey, path, name, $"The private key file {path} of '{name}' cannot be read as an RSA or ECDSA key."));
        }
        else if (certificate is not null && !KeyMatch.Matches(certificate, key))
        {
            problems.Add(new StoreProblem(StoreProblemKind.KeyDoesNotMatchCertificate, path, name, $"The private key file {path} does not belong to the certificate '{name}'."));
        }
    }

    private static string Octal(string path) => "0" + Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
