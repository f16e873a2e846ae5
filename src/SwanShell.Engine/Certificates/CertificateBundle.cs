using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// The certificates and private keys of one file to import, and the names the file gives them (PKCS#12
/// friendlyName attributes). Disposing it disposes the keys.
/// </summary>
public sealed class CertificateBundle : IDisposable
{
    internal CertificateBundle(IReadOnlyList<X509Certificate2> certificates, IReadOnlyList<AsymmetricAlgorithm> keys, IReadOnlyDictionary<string, string> friendlyNames)
    {
        Certificates = certificates;
        Keys = keys;
        FriendlyNames = friendlyNames;
    }

    /// <summary>In file order; for PKCS#12 the ones with a key carry it (<see cref="X509Certificate2.HasPrivateKey"/>).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>Keys not attached to a certificate (PEM files).</summary>
    public IReadOnlyList<AsymmetricAlgorithm> Keys { get; }

    /// <summary>Thumbprint to friendlyName, as PKCS#12 files (and NSS's pk12util) name their certificates.</summary>
    public IReadOnlyDictionary<string, string> FriendlyNames { get; }

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }

        foreach (var key in Keys)
        {
            key.Dispose();
        }
    }
}
