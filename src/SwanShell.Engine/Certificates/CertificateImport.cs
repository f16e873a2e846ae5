using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>One certificate a file brings, the name it will have, its private key if any, and what is in the store already.</summary>
public sealed record ImportItem(string Name, X509Certificate2 Certificate, AsymmetricAlgorithm? PrivateKey, StoredCertificate? Existing)
{
    /// <summary>The same certificate is in the store already, with its key if this brings one: nothing to do.</summary>
    public bool AlreadyPresent => Existing is { } existing && existing.Thumbprint == Certificate.Thumbprint && (PrivateKey is null || existing.HasPrivateKey);

    /// <summary>For -WhatIf and -Confirm; names the files, never the key.</summary>
    public string Describe(CertificateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var what = $"store certificate '{Name}' ({Certificate.Subject}, thumbprint {Certificate.Thumbprint}) as {store.CertificatePath(Name)}";
        if (PrivateKey is not null)
        {
            what += $", its private key as {store.PrivateKeyPath(Name)} (mode 0600)";
        }

        return Existing is { } existing && existing.Thumbprint != Certificate.Thumbprint ? $"{what}, replacing {existing.Subject}" : what;
    }
}

/// <summary><c>ipsec import</c>: decides the names of a file's certificates and pairs private keys with their certificates.</summary>
public static class CertificateImport
{
    /// <summary>
    /// The certificates of <paramref name="bundle"/> to store, in file order. <paramref name="name"/> names the certificate
    /// that has a private key (or the only certificate); the others keep their PKCS#12 friendlyName, else their subject's CN.
    /// A key whose certificate is neither in the file nor in the store is an error.
    /// </summary>
    public static IReadOnlyList<ImportItem> Plan(CertificateStore store, CertificateBundle bundle, string? name)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(bundle);
        var stored = store.List();
        var keys = bundle.Certificates.Select(c => PrivateKeyOf(c) ?? bundle.Keys.FirstOrDefault(k => KeyMatch.Matches(c, k))).ToList();
        var items = new List<ImportItem>();
        var principal = Principal(bundle.Certificates, keys, name);
        for (var i = 0; i < bundle.Certificates.Count; i++)
        {
            var certificate = bundle.Certificates[i];
            var itemName = i == principal ? name! : DefaultName(certificate, bundle.FriendlyNames, stored);
            CertificateName.Validate(itemName);
            items.Add(new ImportItem(itemName, certificate, keys[i], stored.FirstOrDefault(s => s.Name == itemName)));
        }

        foreach (var key in bundle.Keys.Where(k => !keys.Contains(k)))
        {
            items.Add(ForStoredCertificate(store, stored, key));
        }

        return items;
    }

    /// <summary>A key alone pairs with the stored certificate it belongs to.</summary>
    private static ImportItem ForStoredCertificate(CertificateStore store, IReadOnlyList<StoredCertificate> stored, AsymmetricAlgorithm key)
    {
        foreach (var candidate in stored)
        {
            var certificate = X509CertificateLoader.LoadCertificateFromFile(candidate.Path);
            if (KeyMatch.Matches(certificate, key))
            {
                return new ImportItem(candidate.Name, certificate, key, candidate);
            }

            certificate.Dispose();
        }

        throw new CertificateStoreException(
            CertificateStoreError.KeyWithoutCertificate,
            $"The private key belongs to no certificate in the file or in the store at {store.Path}; import its certificate first, or both together.",
            store.Path);
    }

    private static int Principal(IReadOnlyList<X509Certificate2> certificates, List<AsymmetricAlgorithm?> keys, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        var withKey = Enumerable.Range(0, certificates.Count).Where(i => keys[i] is not null).ToList();
        return (withKey.Count, certificates.Count) switch
        {
            (1, _) => withKey[0],
            (0, 1) => 0,
            _ => throw new CertificateStoreException(
                CertificateStoreError.InvalidCertificateName,
                "-Name names one certificate, but the file holds several and not exactly one of them has a private key; import without -Name.",
                name),
        };
    }

    /// <summary>The friendlyName, else the subject's CN, else the whole subject; a certificate stored already keeps its name.</summary>
    private static string DefaultName(X509Certificate2 certificate, IReadOnlyDictionary<string, string> friendlyNames, IReadOnlyList<StoredCertificate> stored)
    {
        if (stored.FirstOrDefault(s => s.Thumbprint == certificate.Thumbprint) is { } same)
        {
            return same.Name;
        }

        if (friendlyNames.TryGetValue(certificate.Thumbprint, out var friendly))
        {
            return friendly;
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return CertificateName.IsValid(commonName) ? commonName : certificate.Subject.Length > 0 ? certificate.Subject : certificate.Thumbprint;
    }

    private static AsymmetricAlgorithm? PrivateKeyOf(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            return null;
        }

        return (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new CertificateStoreException(
                CertificateStoreError.UnsupportedKeyAlgorithm,
                $"The private key of {certificate.Subject} is neither RSA nor ECDSA, which is all SwanShell signs with.",
                certificate.Subject);
    }
}
