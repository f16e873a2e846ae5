using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell;

/// <summary>
/// The public key of a certificate in the store (<c>ipsec whack --listpubkeys</c>): whose it is, its algorithm and size,
/// and its key id (SHA-1 of the public key, as libreswan's CKAID). Only public facts.
/// </summary>
public sealed class IpsecPublicKey
{
    internal IpsecPublicKey(string name, X509Certificate2 certificate, bool hasPrivateKey)
    {
        Name = name;
        Subject = certificate.Subject;
        KeyAlgorithm = certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
        using var rsa = certificate.GetRSAPublicKey();
        using var ecdsa = certificate.GetECDsaPublicKey();
        KeySize = rsa?.KeySize ?? ecdsa?.KeySize ?? 0;
        KeyId = KeyIdOf(certificate);
        HasPrivateKey = hasPrivateKey;
    }

    /// <summary>The certificate's name in the store (<c>leftcert=</c>).</summary>
    public string Name { get; }

    public string Subject { get; }

    public string KeyAlgorithm { get; }

    public int KeySize { get; }

    /// <summary>SHA-1 of the public key, 40 hex digits.</summary>
    public string KeyId { get; }

    /// <summary>Whether the store also holds the private key (which never leaves its file).</summary>
    public bool HasPrivateKey { get; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "An identifier (RFC 5280 §4.2.1.2 method 1, libreswan's CKAID), not a security use.")]
    private static string KeyIdOf(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData));

    public override string ToString() => $"{Name} {KeyAlgorithm} {KeySize} {KeyId}";
}
