using System.Security.Cryptography;

namespace SwanShell.Engine.Certificates;

/// <summary>Reads RSA and ECDSA private keys from PEM: PKCS#8 (plain or encrypted), PKCS#1 RSA and SEC1 EC keys.</summary>
internal static class PrivateKeyPem
{
    public static readonly string[] Labels = ["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>The key, or null when the PEM holds a key of another kind or cannot be decrypted with <paramref name="password"/>.</summary>
    public static AsymmetricAlgorithm? Read(ReadOnlySpan<char> pem, ReadOnlySpan<char> password)
    {
        var encrypted = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
        AsymmetricAlgorithm[] candidates = [RSA.Create(), ECDsa.Create()];
        foreach (var key in candidates)
        {
            try
            {
                if (encrypted)
                {
                    key.ImportFromEncryptedPem(pem, password);
                }
                else
                {
                    key.ImportFromPem(pem);
                }

                foreach (var other in candidates.Where(c => c != key))
                {
                    other.Dispose();
                }

                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Not this algorithm (or a wrong password); try the next, then give up.
            }
        }

        foreach (var key in candidates)
        {
            key.Dispose();
        }

        return null;
    }

    public static AsymmetricAlgorithm? ReadFile(string path) => Read(File.ReadAllText(path), []);
}
