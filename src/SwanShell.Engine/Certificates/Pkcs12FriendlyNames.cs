using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Pkcs;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// The friendlyName attributes of a PKCS#12 file, which NSS's pk12util takes as nicknames. .NET does not expose
/// them on Linux, so BouncyCastle reads the file a second time, for the names only.
/// </summary>
internal static class Pkcs12FriendlyNames
{
    /// <summary>Thumbprint (SHA-1, upper-case hex) to friendlyName; empty when the names cannot be read.</summary>
    public static IReadOnlyDictionary<string, string> Read(byte[] content, ReadOnlySpan<char> password)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var secret = password.ToArray();
        try
        {
            var store = new Pkcs12StoreBuilder().Build();
            using (var stream = new MemoryStream(content, writable: false))
            {
                store.Load(stream, secret);
            }

            foreach (var alias in store.Aliases)
            {
                if (store.GetCertificate(alias) is not { } entry)
                {
                    continue;
                }

                var name = FriendlyName(entry[PkcsObjectIdentifiers.Pkcs9AtFriendlyName])
                    ?? (store.IsKeyEntry(alias) ? FriendlyName(store.GetKey(alias)[PkcsObjectIdentifiers.Pkcs9AtFriendlyName]) : null);
                if (name is not null)
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(entry.Certificate.GetEncoded());
                    names[certificate.Thumbprint] = name;
                }
            }
        }
        catch (Exception e) when (e is IOException or CryptographicException or PkcsIOException or Org.BouncyCastle.Crypto.CryptoException or ArgumentException or InvalidOperationException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            // Names are a convenience: without them the subjects' common names are used.
        }
        finally
        {
            Array.Clear(secret);
        }

        return names;
    }

    private static string? FriendlyName(Asn1Encodable? attribute) =>
        attribute is IAsn1String text && text.GetString() is { Length: > 0 } name && CertificateName.IsValid(name) ? name : null;
}
