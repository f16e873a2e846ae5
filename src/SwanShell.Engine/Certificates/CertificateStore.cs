using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// SwanShell's certificate store, in standard formats instead of an NSS database: a directory (0700) with
/// <c>certs/&lt;name&gt;.pem</c> (X.509, PEM), <c>private/&lt;name&gt;.key</c> (PKCS#8 PEM, 0600) for the certificates whose
/// private key is held, <c>trust</c> (the thumbprints of trusted CA certificates, one a line) and a marker file
/// that tells a store from any other directory. Names are the certificates' nicknames, the values of <c>leftcert=</c>.
/// </summary>
public sealed class CertificateStore
{
    public const string DefaultPath = "/etc/ipsec.d/swanshell";

    public const string PathVariable = "SWANSHELL_CERTSTORE";

    internal const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    internal const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode PublicFileMode = PrivateFileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const string MarkerText = "SwanShell certificate store, format 1\n";

    public CertificateStore(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string CertificateDirectory => System.IO.Path.Combine(Path, "certs");

    public string PrivateKeyDirectory => System.IO.Path.Combine(Path, "private");

    public string MarkerPath => System.IO.Path.Combine(Path, "swanshell-store");

    public string TrustPath => System.IO.Path.Combine(Path, "trust");

    /// <summary>A store is a directory with our marker file.</summary>
    public bool Exists => File.Exists(MarkerPath);

    /// <summary>The path given, else $SWANSHELL_CERTSTORE, else /etc/ipsec.d/swanshell.</summary>
    public static CertificateStore Resolve(string? path) =>
        new(path ?? (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultPath));

    /// <summary>What <see cref="Initialize"/> would do, step by step, for -WhatIf.</summary>
    public IReadOnlyList<string> InitializePlan(bool force)
    {
        var steps = new List<string>();
        if (Exists || HasContent())
        {
            CheckClobber(force);
            var certificates = CountFiles(CertificateDirectory, "*.pem");
            var keys = CountFiles(PrivateKeyDirectory, "*.key");
            steps.Add($"delete the existing store's {certificates} certificate(s), {keys} private key(s) and trust settings in {Path}");
        }

        steps.Add($"create the directory {Path} (mode 0700)");
        steps.Add($"create {CertificateDirectory} and {PrivateKeyDirectory} (mode 0700)");
        steps.Add($"write the store marker {MarkerPath}");
        return steps;
    }

    /// <summary>Creates an empty store: <c>ipsec initnss</c>. An existing store (or any non-empty directory) is only replaced with <paramref name="force"/>.</summary>
    public void Initialize(bool force)
    {
        if (Exists || HasContent())
        {
            CheckClobber(force);
            DeleteIfExists(CertificateDirectory);
            DeleteIfExists(PrivateKeyDirectory);
            File.Delete(TrustPath);
            File.Delete(MarkerPath);
        }

        Directory.CreateDirectory(Path, PrivateDirectoryMode);
        File.SetUnixFileMode(Path, PrivateDirectoryMode);
        Directory.CreateDirectory(CertificateDirectory, PrivateDirectoryMode);
        Directory.CreateDirectory(PrivateKeyDirectory, PrivateDirectoryMode);
        WriteAtomically(MarkerPath, System.Text.Encoding.UTF8.GetBytes(MarkerText), PublicFileMode);
    }

    /// <summary>Throws <see cref="CertificateStoreError.StoreNotFound"/> unless the store exists.</summary>
    public void EnsureExists()
    {
        if (!Exists)
        {
            throw new CertificateStoreException(
                CertificateStoreError.StoreNotFound,
                $"There is no certificate store at {Path}; create it with Initialize-IpsecCertificateStore (ipsec initnss).",
                Path);
        }
    }

    /// <summary>Every certificate, sorted by name; files that cannot be read are left out (Test-IpsecCertificateStore reports them).</summary>
    public IReadOnlyList<StoredCertificate> List()
    {
        EnsureExists();
        var trusted = ReadTrust();
        var certificates = new List<StoredCertificate>();
        foreach (var (name, path) in CertificateFiles())
        {
            if (TryLoad(path) is { } certificate)
            {
                using (certificate)
                {
                    certificates.Add(StoredCertificate.From(name, certificate, path, File.Exists(PrivateKeyPath(name)), trusted.Contains(certificate.Thumbprint)));
                }
            }
        }

        return [.. certificates.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    public StoredCertificate? Find(string name) => List().FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Stores <paramref name="certificate"/> under <paramref name="name"/>, with its private key when given. A name taken by
    /// another certificate is refused unless <paramref name="replace"/>; storing the same certificate again is harmless.
    /// </summary>
    public StoredCertificate Add(string name, X509Certificate2 certificate, AsymmetricAlgorithm? privateKey, bool replace)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        EnsureExists();
        CertificateName.Validate(name);
        if (Find(name) is { } existing && existing.Thumbprint != certificate.Thumbprint && !replace)
        {
            throw new CertificateStoreException(
                CertificateStoreError.CertificateNameInUse,
                $"The name '{name}' is already used by another certificate ({existing.Subject}, thumbprint {existing.Thumbprint}); use -Force to replace it, or import it under another name (-Name).",
                name);
        }

        if (privateKey is not null && !KeyMatch.Matches(certificate, privateKey))
        {
            throw new CertificateStoreException(CertificateStoreError.KeyWithoutCertificate, $"The private key given for '{name}' does not belong to its certificate ({certificate.Subject}).", name);
        }

        var replaced = Find(name) is { } previous && previous.Thumbprint != certificate.Thumbprint ? previous.Thumbprint : null;
        var path = CertificatePath(name);
        WriteAtomically(path, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), PublicFileMode);
        if (replaced is not null)
        {
            ForgetTrustIfUnused(replaced);
        }

        if (privateKey is not null)
        {
            WritePrivateKey(PrivateKeyPath(name), privateKey);
        }
        else if (File.Exists(PrivateKeyPath(name)) && !KeyMatch.Matches(certificate, PrivateKeyPath(name)))
        {
            // A replaced certificate's old key would pair with the wrong certificate.
            File.Delete(PrivateKeyPath(name));
        }

        return Find(name)!;
    }

    /// <summary>Deletes a certificate, its private key and its trust setting.</summary>
    public void Remove(string name)
    {
        var certificate = Find(name) ?? throw NotFound(name);
        File.Delete(PrivateKeyPath(name));
        File.Delete(certificate.Path);
        ForgetTrustIfUnused(certificate.Thumbprint);
    }

    /// <summary>Trust is kept by thumbprint: the same CA certificate under two names is one trust decision.</summary>
    public void SetTrusted(string name, bool trusted)
    {
        var certificate = Find(name) ?? throw NotFound(name);
        var set = ReadTrust();
        if (trusted ? set.Add(certificate.Thumbprint) : set.Remove(certificate.Thumbprint))
        {
            WriteTrust(set);
        }
    }

    /// <summary>
    /// The certificate a <c>leftcert=</c> names, with its private key attached when <paramref name="withPrivateKey"/>:
    /// what IKE authentication signs with. The caller disposes it.
    /// </summary>
    public X509Certificate2 Load(string name, bool withPrivateKey)
    {
        EnsureExists();
        var path = CertificatePath(name);
        var certificate = (File.Exists(path) ? TryLoad(path) : null) ?? throw NotFound(name);
        if (!withPrivateKey)
        {
            return certificate;
        }

        using (certificate)
        {
            using var key = File.Exists(PrivateKeyPath(name)) ? PrivateKeyPem.ReadFile(PrivateKeyPath(name)) : null;
            return key switch
            {
                RSA rsa when KeyMatch.Matches(certificate, rsa) => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa when KeyMatch.Matches(certificate, ecdsa) => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new CertificateStoreException(
                    CertificateStoreError.PrivateKeyNotFound,
                    $"The store at {Path} holds no usable private key for the certificate '{name}'; import it with Import-IpsecCertificate.",
                    name),
            };
        }
    }

    /// <summary>The trusted CA certificates, the anchors for verifying peers' certificate chains. The caller disposes them.</summary>
    public X509Certificate2Collection TrustedAuthorities()
    {
        var trusted = new X509Certificate2Collection();
        foreach (var certificate in List().Where(c => c.Trusted))
        {
            trusted.Add(X509CertificateLoader.LoadCertificateFromFile(certificate.Path));
        }

        return trusted;
    }

    /// <summary>The names of the certificate files, with the name each stands for (null for files that are not ours).</summary>
    internal IEnumerable<(string Name, string Path)> CertificateFiles() =>
        Directory.Exists(CertificateDirectory)
            ? Directory.EnumerateFiles(CertificateDirectory, "*.pem")
                .Select(path => (Name: CertificateName.FromFileName(System.IO.Path.GetFileNameWithoutExtension(path)), Path: path))
                .Where(f => f.Name is not null)
                .Select(f => (f.Name!, f.Path))
            : [];

    internal IEnumerable<(string Name, string Path)> PrivateKeyFiles() =>
        Directory.Exists(PrivateKeyDirectory)
            ? Directory.EnumerateFiles(PrivateKeyDirectory, "*.key")
                .Select(path => (Name: CertificateName.FromFileName(System.IO.Path.GetFileNameWithoutExtension(path)) ?? System.IO.Path.GetFileName(path), Path: path))
            : [];

    public string CertificatePath(string name) => System.IO.Path.Combine(CertificateDirectory, CertificateName.ToFileName(name) + ".pem");

    public string PrivateKeyPath(string name) => System.IO.Path.Combine(PrivateKeyDirectory, CertificateName.ToFileName(name) + ".key");

    internal HashSet<string> ReadTrust() =>
        File.Exists(TrustPath)
            ? [.. File.ReadAllLines(TrustPath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))]
            : new HashSet<string>(StringComparer.Ordinal);

    internal static X509Certificate2? TryLoad(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A trust decision outlives a name only while another name holds the same certificate.</summary>
    private void ForgetTrustIfUnused(string thumbprint)
    {
        var trusted = ReadTrust();
        if (!List().Any(c => c.Thumbprint == thumbprint) && trusted.Remove(thumbprint))
        {
            WriteTrust(trusted);
        }
    }

    private void WriteTrust(HashSet<string> thumbprints) =>
        WriteAtomically(TrustPath, System.Text.Encoding.ASCII.GetBytes(string.Concat(thumbprints.Order(StringComparer.Ordinal).Select(t => t + "\n"))), PublicFileMode);

    private static void WritePrivateKey(string path, AsymmetricAlgorithm key)
    {
        var der = key.ExportPkcs8PrivateKey();
        var pem = PemEncoding.WriteUtf8("PRIVATE KEY"u8, der);
        try
        {
            WriteAtomically(path, pem, PrivateFileMode);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
            CryptographicOperations.ZeroMemory(pem);
        }
    }

    /// <summary>Writes a new file beside the old one, created with its final mode, then renames it over: a reader never sees half a file or a key readable by others.</summary>
    private static void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void CheckClobber(bool force)
    {
        if (!force)
        {
            var what = Exists ? "A certificate store already exists" : "The directory is not empty";
            throw new CertificateStoreException(
                CertificateStoreError.StoreExists,
                $"{what} at {Path}; use -Force to delete its certificates and keys and start over.",
                Path);
        }
    }

    private bool HasContent() => Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any();

    private static int CountFiles(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).Count() : 0;

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private CertificateStoreException NotFound(string name) =>
        new(CertificateStoreError.CertificateNotFound, $"There is no certificate named '{name}' in the store at {Path}.", name);
}
