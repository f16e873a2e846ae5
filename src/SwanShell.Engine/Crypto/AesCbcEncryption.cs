using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>ENCR_AES_CBC (RFC 3602): a 16-byte random IV per message and no padding of the cipher's own.</summary>
public sealed class AesCbcEncryption : IBlockCipherAlgorithm
{
    public static readonly AesCbcEncryption Aes128 = new(128);
    public static readonly AesCbcEncryption Aes192 = new(192);
    public static readonly AesCbcEncryption Aes256 = new(256);

    private AesCbcEncryption(int keyLengthBits) => KeyLengthBits = keyLengthBits;

    public EncryptionTransformId Id => EncryptionTransformId.ENCR_AES_CBC;

    public int KeyLengthBits { get; }

    public int KeyMaterialLength => KeyLengthBits / 8;

    public int IvLength => 16;

    public int BlockSize => 16;

    public IBlockCipher CreateCipher(ReadOnlySpan<byte> key) => new Cipher(key);

    public override string ToString() => $"{Id}_{KeyLengthBits}";

    private sealed class Cipher : IBlockCipher
    {
        private readonly Aes _aes = Aes.Create();

        public Cipher(ReadOnlySpan<byte> key) => _aes.SetKey(key);

        public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext) =>
            _aes.EncryptCbc(plaintext, iv, ciphertext, PaddingMode.None);

        public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext) =>
            _aes.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);

        public void Dispose() => _aes.Dispose();
    }
}
