using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>Whether a private key belongs to a certificate: their SubjectPublicKeyInfo encodings are the same.</summary>
internal static class KeyMatch
{
    public static bool Matches(X509Certificate2 certificate, AsymmetricAlgorithm key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());

    /// <summary>False also when the key file cannot be read as a key.</summary>
    public static bool Matches(X509Certificate2 certificate, string keyPath)
    {
        using var key = PrivateKeyPem.ReadFile(keyPath);
        return key is not null && Matches(certificate, key);
    }
}
