using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// ENCR_AES_GCM_16 (RFC 4106, RFC 5282 for IKE): the key material is the AES key followed by a 4-byte salt,
/// the nonce is salt || the 8-byte IV of each message, the tag is 16 bytes.
/// </summary>
public sealed class AesGcm16Encryption : IAeadAlgorithm
{
    public static readonly AesGcm16Encryption Aes128 = new(128);
    public static readonly AesGcm16Encryption Aes192 = new(192);
    public static readonly AesGcm16Encryption Aes256 = new(256);

    private const int SaltLength = 4;

    private AesGcm16Encryption(int keyLengthBits) => KeyLengthBits = keyLengthBits;

    public EncryptionTransformId Id => EncryptionTransformId.ENCR_AES_GCM_16;

    public int KeyLengthBits { get; }

    public int KeyMaterialLength => (KeyLengthBits / 8) + SaltLength;

    public int IvLength => 8;

    public int BlockSize => 1;

    public int IcvLength => 16;

    public IAeadCipher CreateCipher(ReadOnlySpan<byte> keyMaterial) => new Cipher(keyMaterial, KeyMaterialLength - SaltLength);

    public override string ToString() => $"{Id}_{KeyLengthBits}";

    private sealed class Cipher(ReadOnlySpan<byte> keyMaterial, int keyLength) : SaltedNonceAeadCipher(keyMaterial[keyLength..])
    {
        private readonly AesGcm _aes = new(keyMaterial[..keyLength], tagSizeInBytes: 16);

        protected override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
            _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

        protected override void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
            _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);

        protected override void Dispose(bool disposing)
        {
            _aes.Dispose();
            base.Dispose(disposing);
        }
    }
}
