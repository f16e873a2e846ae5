using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// ENCR_CHACHA20_POLY1305 (RFC 7634 for IKE, RFC 8439 for the AEAD): 32 bytes of key then a 4-byte salt,
/// nonce = salt || the 8-byte IV, 16-byte tag. There is no Key Length attribute.
/// </summary>
public sealed class ChaCha20Poly1305Encryption : IAeadAlgorithm
{
    public static readonly ChaCha20Poly1305Encryption Instance = new();

    private const int KeyLength = 32;

    private ChaCha20Poly1305Encryption()
    {
    }

    public EncryptionTransformId Id => EncryptionTransformId.ENCR_CHACHA20_POLY1305;

    public int KeyLengthBits => 0;

    public int KeyMaterialLength => KeyLength + 4;

    public int IvLength => 8;

    public int BlockSize => 1;

    public int IcvLength => 16;

    public IAeadCipher CreateCipher(ReadOnlySpan<byte> keyMaterial) => new Cipher(keyMaterial);

    public override string ToString() => Id.ToString();

    private sealed class Cipher(ReadOnlySpan<byte> keyMaterial) : SaltedNonceAeadCipher(keyMaterial[KeyLength..])
    {
        private readonly System.Security.Cryptography.ChaCha20Poly1305 _chacha = new(keyMaterial[..KeyLength]);

        protected override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
            _chacha.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

        protected override void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
            _chacha.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);

        protected override void Dispose(bool disposing)
        {
            _chacha.Dispose();
            base.Dispose(disposing);
        }
    }
}
