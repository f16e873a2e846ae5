using System.Security.Cryptography;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// The nonce construction shared by AES-GCM (RFC 4106 §4) and ChaCha20-Poly1305 (RFC 7634 §2): a 4-byte salt
/// from the key material followed by the 8-byte explicit IV. Maps a failed tag check to false.
/// </summary>
internal abstract class SaltedNonceAeadCipher : IAeadCipher
{
    private const int IvLength = 8;

    private readonly byte[] _salt;

    protected SaltedNonceAeadCipher(ReadOnlySpan<byte> salt) => _salt = salt.ToArray();

    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
        Seal(Nonce(iv, stackalloc byte[_salt.Length + IvLength]), plaintext, associatedData, ciphertext, tag);

    public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        try
        {
            Open(Nonce(iv, stackalloc byte[_salt.Length + IvLength]), ciphertext, tag, associatedData, plaintext);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> and clears the plaintext when the tag is wrong.</summary>
    protected abstract void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    protected virtual void Dispose(bool disposing) => CryptographicOperations.ZeroMemory(_salt);

    private ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> iv, Span<byte> nonce)
    {
        if (iv.Length != IvLength)
        {
            throw new ArgumentException($"the IV must be {IvLength} bytes", nameof(iv));
        }

        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[_salt.Length..]);
        return nonce;
    }
}
