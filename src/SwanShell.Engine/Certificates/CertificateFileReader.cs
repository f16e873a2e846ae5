using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SwanShell.Engine.Certificates;

/// <summary>Reads a file to import: PKCS#12 (with keys and chain), PEM (certificates and private keys) or a DER certificate.</summary>
public static class CertificateFileReader
{
    public static CertificateBundle Read(string path, ReadOnlySpan<char> password)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CertificateStoreException(CertificateStoreError.InvalidCertificateFile, $"The file {path} does not exist.", path);
        }

        try
        {
            if (LooksLikePem(content))
            {
                return ReadPem(path, Encoding.ASCII.GetString(content), password);
            }

            return X509Certificate2.GetCertContentType(content) switch
            {
                X509ContentType.Cert => new CertificateBundle([X509CertificateLoader.LoadCertificate(content)], [], new Dictionary<string, string>()),
                X509ContentType.Pkcs12 => ReadPkcs12(path, content, password),
                _ => throw Invalid(path, "it is neither PKCS#12, PEM nor a DER certificate"),
            };
        }
        catch (CryptographicException)
        {
            throw Invalid(path, "it is neither PKCS#12, PEM nor a DER certificate");
        }
        finally
        {
            // PEM files may hold plain private keys.
            CryptographicOperations.ZeroMemory(content);
        }
    }

    private static CertificateBundle ReadPkcs12(string path, byte[] content, ReadOnlySpan<char> password)
    {
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(content, password, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Pkcs12LoadLimitExceededException)
        {
            throw Invalid(path, "it is beyond what a PKCS#12 file may hold (too many certificates, keys or key derivation iterations)");
        }
        catch (CryptographicException)
        {
            throw new CertificateStoreException(
                CertificateStoreError.WrongPassword,
                $"The PKCS#12 file {path} cannot be opened with the password given (or without one, if none was given): give the right -Password.",
                path);
        }

        return new CertificateBundle([.. collection], [], Pkcs12FriendlyNames.Read(content, password));
    }

    private static CertificateBundle ReadPem(string path, string text, ReadOnlySpan<char> password)
    {
        var certificates = new List<X509Certificate2>();
        var keys = new List<AsymmetricAlgorithm>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var block = rest[fields.Location];
            if (label == "CERTIFICATE")
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(block[fields.Base64Data].ToString())));
            }
            else if (PrivateKeyPem.Labels.Contains(label))
            {
                keys.Add(PrivateKeyPem.Read(block, password) ?? throw Invalid(
                    path,
                    label == "ENCRYPTED PRIVATE KEY"
                        ? "its encrypted private key cannot be decrypted with the password given"
                        : "its private key is neither RSA nor ECDSA"));
            }

            rest = rest[fields.Location.End..];
        }

        if (certificates.Count == 0 && keys.Count == 0)
        {
            throw Invalid(path, "it holds no certificate and no private key");
        }

        return new CertificateBundle(certificates, keys, new Dictionary<string, string>());
    }

    private static bool LooksLikePem(byte[] content) =>
        Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal);

    private static CertificateStoreException Invalid(string path, string why) =>
        new(CertificateStoreError.InvalidCertificateFile, $"The file {path} cannot be imported: {why}.", path);
}
