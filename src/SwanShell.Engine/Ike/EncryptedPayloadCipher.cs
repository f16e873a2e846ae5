using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike;

/// <summary>
/// Protects and opens SK (RFC 7296 §3.14) and SKF (RFC 7383 §2.5) payloads for one direction of an IKE SA:
/// either an AEAD cipher (RFC 5282: the associated data is the message up to the end of the payload's header) or
/// CBC with an integrity checksum over the message up to the Pad Length. A failed check is reported as a silent drop;
/// a malformed plaintext that did authenticate is INVALID_SYNTAX.
/// </summary>
public sealed class EncryptedPayloadCipher : IDisposable
{
    private readonly IEncryptionAlgorithm _encryption;
    private readonly IAeadAlgorithm? _aead;
    private readonly IBlockCipherAlgorithm? _blockCipher;
    private readonly IIntegrityAlgorithm? _integrity;

    // The key, not a keyed cipher: an established IKE SA is mostly idle, and a keyed cipher held for its life is a
    // native context (key schedule, GHASH table) per direction, about a kilobyte each. A handshake keys each
    // direction once either way; later messages (liveness, rekey, delete) key it again for each message.
    private readonly byte[] _encryptionKey;
    private readonly byte[] _integrityKey;
    private readonly int _icvLength;
    private long _aeadIvCounter;

    /// <param name="encryption">An AEAD algorithm (then <paramref name="integrity"/> is null) or a block cipher.</param>
    /// <param name="encryptionKey">SK_ei or SK_er: key and, for AEAD, salt.</param>
    /// <param name="integrity">The integrity algorithm of a non-AEAD IKE SA.</param>
    /// <param name="integrityKey">SK_ai or SK_ar; empty for AEAD.</param>
    public EncryptedPayloadCipher(IEncryptionAlgorithm encryption, ReadOnlySpan<byte> encryptionKey, IIntegrityAlgorithm? integrity, ReadOnlySpan<byte> integrityKey)
    {
        ArgumentNullException.ThrowIfNull(encryption);
        _encryption = encryption;
        switch (encryption)
        {
            case IAeadAlgorithm aead when integrity is null:
                _aead = aead;
                _icvLength = aead.IcvLength;
                break;
            case IBlockCipherAlgorithm block when integrity is not null:
                _blockCipher = block;
                _integrity = integrity;
                _icvLength = integrity.IcvLength;
                break;
            default:
                throw new ArgumentException("an AEAD algorithm without an integrity algorithm, or a block cipher with one", nameof(integrity));
        }

        _encryptionKey = encryptionKey.ToArray();
        _integrityKey = integrityKey.ToArray();
    }

    /// <summary>The cipher for messages we send: the original initiator uses SK_ei and SK_ai, the responder SK_er and SK_ar.</summary>
    public static EncryptedPayloadCipher ForSending(IkeSaKeys keys, bool originalInitiator, IEncryptionAlgorithm encryption, IIntegrityAlgorithm? integrity)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return originalInitiator
            ? new EncryptedPayloadCipher(encryption, keys.SK_ei, integrity, keys.SK_ai)
            : new EncryptedPayloadCipher(encryption, keys.SK_er, integrity, keys.SK_ar);
    }

    /// <summary>The cipher for messages we receive: the other side's keys.</summary>
    public static EncryptedPayloadCipher ForReceiving(IkeSaKeys keys, bool originalInitiator, IEncryptionAlgorithm encryption, IIntegrityAlgorithm? integrity) =>
        ForSending(keys, !originalInitiator, encryption, integrity);

    /// <summary>A whole message whose payloads travel inside one SK payload. Length and Next Payload of the header are filled in.</summary>
    public byte[] Encrypt(IkeHeader header, IReadOnlyList<IkePayload> payloads)
    {
        var content = EncodeContent(payloads, out var first);
        try
        {
            return Seal(header with { NextPayload = PayloadType.Encrypted }, content, first, fragmentNumber: 0, totalFragments: 0);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>
    /// The message as SKF fragments (RFC 7383 §2.5), each a datagram of at most <paramref name="maxMessageLength"/>
    /// bytes (the IKE message, without UDP or a non-ESP marker).
    /// </summary>
    public IReadOnlyList<byte[]> EncryptFragments(IkeHeader header, IReadOnlyList<IkePayload> payloads, int maxMessageLength)
    {
        var available = maxMessageLength - IkeHeader.Size - PayloadChain.GenericHeaderSize - EncryptedFragmentPayload.FieldsLength - _encryption.IvLength - _icvLength;
        var capacity = available - (available % _encryption.BlockSize) - 1;
        if (capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessageLength), maxMessageLength, "too small for any fragment content");
        }

        var content = EncodeContent(payloads, out var first);
        try
        {
            var total = Math.Max(1, (content.Length + capacity - 1) / capacity);
            if (total > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(maxMessageLength), maxMessageLength, "the message would need more than 65535 fragments");
            }

            var fragments = new byte[total][];
            for (var i = 0; i < total; i++)
            {
                var start = i * capacity;
                var slice = content.AsSpan(start, Math.Min(capacity, content.Length - start));
                fragments[i] = Seal(
                    header with { NextPayload = PayloadType.EncryptedFragment },
                    slice,
                    i == 0 ? first : PayloadType.NoNextPayload,
                    (ushort)(i + 1),
                    (ushort)total);
            }

            return fragments;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Authenticates and decrypts an SK payload and parses the payloads inside.</summary>
    /// <exception cref="IkeProtocolException">Integrity failure (NotifyType null: drop) or malformed contents.</exception>
    public IReadOnlyList<IkePayload> Decrypt(EncryptedPayload payload) => Decrypt(payload, out _);

    /// <summary>As <see cref="Decrypt(EncryptedPayload)"/>, also giving the inner payloads' octets in clear (for IntAuth, RFC 9242).</summary>
    public IReadOnlyList<IkePayload> Decrypt(EncryptedPayload payload, out ReadOnlyMemory<byte> innerPayloads)
    {
        ArgumentNullException.ThrowIfNull(payload);
        innerPayloads = Open(payload.Message, payload.Offset, fieldsLength: 0);
        return PayloadChain.Parse(innerPayloads, 0, payload.FirstInnerPayload, allowEncrypted: false);
    }

    /// <summary>Authenticates and decrypts one SKF fragment; its content is a piece of the payload chain.</summary>
    /// <exception cref="IkeProtocolException">Integrity failure (NotifyType null: drop) or malformed padding.</exception>
    public ReadOnlyMemory<byte> DecryptFragment(EncryptedFragmentPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Open(payload.Message, payload.Offset, EncryptedFragmentPayload.FieldsLength);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_integrityKey);
    }

    public override string ToString() => _integrity is null ? $"SK {_encryption}" : $"SK {_encryption} + {_integrity}";

    private static byte[] EncodeContent(IReadOnlyList<IkePayload> payloads, out PayloadType first)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        first = payloads.Count == 0 ? PayloadType.NoNextPayload : payloads[0].Type;
        var content = new byte[PayloadChain.GetLength(payloads)];
        PayloadChain.Write(payloads, content);
        return content;
    }

    /// <summary>One message holding an SK payload (fragment number 0) or an SKF payload (1..total) around <paramref name="content"/>.</summary>
    private byte[] Seal(IkeHeader header, ReadOnlySpan<byte> content, PayloadType first, ushort fragmentNumber, ushort totalFragments)
    {
        var fieldsLength = fragmentNumber == 0 ? 0 : EncryptedFragmentPayload.FieldsLength;
        var blockSize = _encryption.BlockSize;
        var padLength = (blockSize - ((content.Length + 1) % blockSize)) % blockSize;
        var plaintextLength = content.Length + padLength + 1;
        var payloadOffset = IkeHeader.Size;
        var ivOffset = payloadOffset + PayloadChain.GenericHeaderSize + fieldsLength;
        var ciphertextOffset = ivOffset + _encryption.IvLength;
        var length = ciphertextOffset + plaintextLength + _icvLength;
        if (length - payloadOffset > ushort.MaxValue)
        {
            throw new ArgumentException($"{content.Length} bytes of payloads do not fit one encrypted payload", nameof(content));
        }

        var message = new byte[length];
        (header with { Length = length }).Write(message);
        PayloadChain.WriteGenericHeader(message.AsSpan(payloadOffset), first, length - payloadOffset);
        if (fragmentNumber != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(payloadOffset + PayloadChain.GenericHeaderSize), fragmentNumber);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(payloadOffset + PayloadChain.GenericHeaderSize + 2), totalFragments);
        }

        // Padding may hold any value (§3.14); zeros are as good as any.
        var plaintext = new byte[plaintextLength];
        content.CopyTo(plaintext);
        plaintext[^1] = (byte)padLength;
        var iv = message.AsSpan(ivOffset, _encryption.IvLength);
        var ciphertext = message.AsSpan(ciphertextOffset, plaintextLength);
        var icv = message.AsSpan(length - _icvLength);
        try
        {
            if (_aead is not null)
            {
                // An AEAD IV must never repeat under one key (RFC 5282 §3.1); a counter guarantees it.
                BinaryPrimitives.WriteInt64BigEndian(iv, Interlocked.Increment(ref _aeadIvCounter));
                using var aead = _aead.CreateCipher(_encryptionKey);
                aead.Encrypt(iv, plaintext, message.AsSpan(0, ivOffset), ciphertext, icv);
            }
            else
            {
                // A CBC IV must be unpredictable (§3.14).
                RandomNumberGenerator.Fill(iv);
                using var blockCipher = _blockCipher!.CreateCipher(_encryptionKey);
                blockCipher.Encrypt(iv, plaintext, ciphertext);
                _integrity!.ComputeIcv(_integrityKey, message.AsSpan(0, length - _icvLength), icv);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return message;
    }

    private byte[] Open(ReadOnlyMemory<byte> messageMemory, int payloadOffset, int fieldsLength)
    {
        var message = messageMemory.Span;
        var ivOffset = payloadOffset + PayloadChain.GenericHeaderSize + fieldsLength;
        var ciphertextOffset = ivOffset + _encryption.IvLength;
        var ciphertextLength = message.Length - ciphertextOffset - _icvLength;
        if (ciphertextLength < 1)
        {
            throw IkeProtocolException.IntegrityCheckFailed("the encrypted payload is too short for an IV, a Pad Length and an ICV");
        }

        var iv = message.Slice(ivOffset, _encryption.IvLength);
        var ciphertext = message.Slice(ciphertextOffset, ciphertextLength);
        var icv = message[^_icvLength..];
        var plaintext = new byte[ciphertextLength];
        if (_aead is not null)
        {
            using var aead = _aead.CreateCipher(_encryptionKey);
            if (!aead.TryDecrypt(iv, ciphertext, icv, message[..ivOffset], plaintext))
            {
                throw IkeProtocolException.IntegrityCheckFailed();
            }
        }
        else
        {
            // Encrypt-then-MAC: nothing is decrypted before the checksum verifies.
            if (!_integrity!.VerifyIcv(_integrityKey, message[..^_icvLength], icv))
            {
                throw IkeProtocolException.IntegrityCheckFailed();
            }

            if (ciphertextLength % _encryption.BlockSize != 0)
            {
                throw IkeProtocolException.InvalidSyntax($"{ciphertextLength} bytes of ciphertext are not whole {_encryption.BlockSize}-byte blocks");
            }

            using var blockCipher = _blockCipher!.CreateCipher(_encryptionKey);
            blockCipher.Decrypt(iv, ciphertext, plaintext);
        }

        var padLength = plaintext[^1];
        if (padLength + 1 > plaintext.Length)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw IkeProtocolException.InvalidSyntax($"a Pad Length of {padLength} in {plaintext.Length} bytes of plaintext");
        }

        return plaintext.AsMemory(0, plaintext.Length - padLength - 1).ToArray();
    }
}
