using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>An encryption algorithm (transform type 1) with one key length: either an <see cref="IAeadAlgorithm"/> or an <see cref="IBlockCipherAlgorithm"/>.</summary>
public interface IEncryptionAlgorithm
{
    EncryptionTransformId Id { get; }

    /// <summary>The Key Length attribute in bits, or 0 for algorithms without one.</summary>
    int KeyLengthBits { get; }

    /// <summary>Bytes taken from prf+ for SK_ei/SK_er and each KEYMAT encryption key: the key plus any salt.</summary>
    int KeyMaterialLength { get; }

    /// <summary>Bytes of the Initialization Vector carried in each SK payload.</summary>
    int IvLength { get; }

    /// <summary>The plaintext plus padding plus Pad Length must be a multiple of this (RFC 7296 §3.14).</summary>
    int BlockSize { get; }
}

/// <summary>An AEAD algorithm (RFC 5282): no separate integrity transform.</summary>
public interface IAeadAlgorithm : IEncryptionAlgorithm
{
    /// <summary>Bytes of the authentication tag, carried as the SK payload's Integrity Checksum Data.</summary>
    int IcvLength { get; }

    IAeadCipher CreateCipher(ReadOnlySpan<byte> keyMaterial);
}

/// <summary>A plain block cipher mode, used with an <see cref="IIntegrityAlgorithm"/>.</summary>
public interface IBlockCipherAlgorithm : IEncryptionAlgorithm
{
    IBlockCipher CreateCipher(ReadOnlySpan<byte> key);
}

/// <summary>A keyed AEAD cipher: holds a key schedule (native memory) until it is disposed.</summary>
public interface IAeadCipher : IDisposable
{
    void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>False when the tag does not verify; <paramref name="plaintext"/> is then cleared.</summary>
    bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}

/// <summary>A keyed block cipher without padding of its own (IKE pads itself, §3.14).</summary>
public interface IBlockCipher : IDisposable
{
    void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext);

    void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext);
}
