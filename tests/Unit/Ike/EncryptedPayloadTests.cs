using System.Buffers.Binary;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class EncryptedPayloadTests
{
    public static TheoryData<string> Suites => new() { "aes-gcm-16-256", "chacha20-poly1305", "aes-cbc-256+hmac-sha2-256-128", "aes-cbc-128+hmac-sha2-512-256" };

    [Theory]
    [MemberData(nameof(Suites))]
    public void SK_payload_round_trips_through_the_peer_cipher(string suite)
    {
        var (sender, receiver) = CipherPair(suite);
        var payloads = SampleMessages.AuthRequestPayloads();

        var datagram = sender.Encrypt(SampleMessages.AuthRequestHeader, payloads);
        var message = IkeMessage.Parse(datagram);
        var sk = Assert.IsType<EncryptedPayload>(Assert.Single(message.Payloads));
        var inner = receiver.Decrypt(sk);

        Assert.Equal(PayloadType.Encrypted, message.Header.NextPayload);
        Assert.Equal(PayloadType.IdentificationInitiator, sk.FirstInnerPayload);
        Assert.Equal(payloads.Select(p => p.GetBody()), inner.Select(p => p.GetBody()));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void SK_payload_with_wrong_ICV_is_rejected_as_integrity_failure_without_a_reply(string suite)
    {
        var (sender, receiver) = CipherPair(suite);
        var datagram = sender.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads());
        datagram[^1] ^= 0x01;
        var sk = (EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0];

        var e = Assert.Throws<IkeProtocolException>(() => receiver.Decrypt(sk));
        Assert.Null(e.NotifyType);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Tampered_IKE_header_fails_the_integrity_check(string suite)
    {
        var (sender, receiver) = CipherPair(suite);
        var datagram = sender.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads());
        datagram[23] ^= 0x01; // Message ID

        var e = Assert.Throws<IkeProtocolException>(() => receiver.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0]));
        Assert.Null(e.NotifyType);
    }

    [Fact]
    public void Initiator_does_not_accept_its_own_message_reflected_back()
    {
        using var keys = DeriveKeys(AesGcm16Encryption.Aes256, null);
        using var initiatorSends = EncryptedPayloadCipher.ForSending(keys, originalInitiator: true, AesGcm16Encryption.Aes256, null);
        using var initiatorReceives = EncryptedPayloadCipher.ForReceiving(keys, originalInitiator: true, AesGcm16Encryption.Aes256, null);
        var datagram = initiatorSends.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads());

        var e = Assert.Throws<IkeProtocolException>(() => initiatorReceives.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0]));
        Assert.Null(e.NotifyType);
    }

    [Fact]
    public void Empty_SK_payload_of_a_liveness_check_round_trips()
    {
        var (sender, receiver) = CipherPair("aes-cbc-256+hmac-sha2-256-128");
        var header = SampleMessages.AuthRequestHeader with { ExchangeType = ExchangeType.INFORMATIONAL, MessageId = 7 };

        var sk = (EncryptedPayload)IkeMessage.Parse(sender.Encrypt(header, [])).Payloads[0];

        Assert.Equal(PayloadType.NoNextPayload, sk.FirstInnerPayload);
        Assert.Empty(receiver.Decrypt(sk));
    }

    [Fact]
    public void Cbc_pads_to_whole_blocks_and_uses_a_fresh_iv_each_time()
    {
        var (sender, _) = CipherPair("aes-cbc-256+hmac-sha2-256-128");
        var payloads = new IkePayload[] { new NotifyPayload(NotifyMessageType.INITIAL_CONTACT) };

        var first = sender.Encrypt(SampleMessages.AuthRequestHeader, payloads);
        var second = sender.Encrypt(SampleMessages.AuthRequestHeader, payloads);

        // header 28 + SK header 4 + IV 16 + one block (8 bytes of notify, 7 padding, pad length) + ICV 16
        Assert.Equal(28 + 4 + 16 + 16 + 16, first.Length);
        Assert.NotEqual(first.AsSpan(32, 16).ToArray(), second.AsSpan(32, 16).ToArray());
    }

    [Fact]
    public void Aead_ivs_never_repeat_under_one_key()
    {
        var (sender, _) = CipherPair("aes-gcm-16-256");
        var ivs = Enumerable.Range(0, 100)
            .Select(_ => Convert.ToHexString(sender.Encrypt(SampleMessages.AuthRequestHeader, []).AsSpan(32, 8)))
            .ToHashSet();

        Assert.Equal(100, ivs.Count);
    }

    [Fact]
    public void Authenticated_cbc_plaintext_with_a_pad_length_beyond_it_is_INVALID_SYNTAX()
    {
        var encryptionKey = new byte[32];
        var integrityKey = new byte[32];
        using var receiver = new EncryptedPayloadCipher(AesCbcEncryption.Aes256, encryptionKey, HmacSha2Integrity.Sha256_128, integrityKey);

        // One block of plaintext whose Pad Length byte says 16: more padding than there is plaintext.
        var plaintext = new byte[16];
        plaintext[^1] = 16;
        var datagram = HandMadeCbcMessage(encryptionKey, integrityKey, plaintext);

        var e = Assert.Throws<IkeProtocolException>(() => receiver.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0]));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void Authenticated_cbc_ciphertext_that_is_not_whole_blocks_is_INVALID_SYNTAX()
    {
        var encryptionKey = new byte[32];
        var integrityKey = new byte[32];
        using var receiver = new EncryptedPayloadCipher(AesCbcEncryption.Aes256, encryptionKey, HmacSha2Integrity.Sha256_128, integrityKey);
        var datagram = HandMadeCbcMessage(encryptionKey, integrityKey, new byte[16], extraCiphertextBytes: 3);

        var e = Assert.Throws<IkeProtocolException>(() => receiver.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0]));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void SK_payload_too_short_for_iv_and_icv_is_dropped()
    {
        var (_, receiver) = CipherPair("aes-gcm-16-256");
        var message = IkeMessage.Parse(SampleMessages.RawMessage(PayloadType.Encrypted, SampleMessages.RawPayload(PayloadType.NoNextPayload, false, new byte[10])));

        var e = Assert.Throws<IkeProtocolException>(() => receiver.Decrypt((EncryptedPayload)message.Payloads[0]));
        Assert.Null(e.NotifyType);
    }

    [Fact]
    public void Ciphers_do_not_show_key_material()
    {
        var (sender, _) = CipherPair("aes-cbc-256+hmac-sha2-256-128");

        Assert.Equal("SK ENCR_AES_CBC_256 + AUTH_HMAC_SHA2_256_128", sender.ToString());
    }

    [Fact]
    public void A_keyed_cipher_lives_only_while_a_message_is_sealed_or_opened()
    {
        var counting = new LiveCipherCountingAead(AesGcm16Encryption.Aes128);
        using var keys = DeriveKeys(counting, null);
        using var sender = EncryptedPayloadCipher.ForSending(keys, originalInitiator: true, counting, null);
        using var receiver = EncryptedPayloadCipher.ForReceiving(keys, originalInitiator: false, counting, null);
        Assert.Equal(0, counting.Live);

        for (var i = 0; i < 3; i++)
        {
            var datagram = sender.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads());
            Assert.NotEmpty(receiver.Decrypt((EncryptedPayload)IkeMessage.Parse(datagram).Payloads[0]));
        }

        // An idle IKE SA holds no native cipher context per direction, only its keys.
        Assert.Equal(0, counting.Live);
        Assert.Equal(6, counting.Created);
    }

    /// <summary>The two ends of one direction, keyed as the initiator and responder derive them.</summary>
    internal static (EncryptedPayloadCipher Sender, EncryptedPayloadCipher Receiver) CipherPair(string suite)
    {
        var (encryption, integrity) = suite switch
        {
            "aes-gcm-16-256" => ((IEncryptionAlgorithm)AesGcm16Encryption.Aes256, (IIntegrityAlgorithm?)null),
            "chacha20-poly1305" => (ChaCha20Poly1305Encryption.Instance, null),
            "aes-cbc-256+hmac-sha2-256-128" => (AesCbcEncryption.Aes256, HmacSha2Integrity.Sha256_128),
            "aes-cbc-128+hmac-sha2-512-256" => (AesCbcEncryption.Aes128, HmacSha2Integrity.Sha512_256),
            _ => throw new ArgumentOutOfRangeException(nameof(suite)),
        };
        using var keys = DeriveKeys(encryption, integrity);
        return (EncryptedPayloadCipher.ForSending(keys, originalInitiator: true, encryption, integrity),
            EncryptedPayloadCipher.ForReceiving(keys, originalInitiator: false, encryption, integrity));
    }

    private static IkeSaKeys DeriveKeys(IEncryptionAlgorithm encryption, IIntegrityAlgorithm? integrity) =>
        IkeKeyDerivation.DeriveIkeSaKeys(HmacSha2Prf.Sha256, new byte[32], SampleMessages.Filled(16, 1), SampleMessages.Filled(16, 2), 1, 2, encryption, integrity);

    /// <summary>An SK message built by hand (AES-256-CBC, HMAC-SHA2-256-128) around a plaintext of our choosing.</summary>
    private static byte[] HandMadeCbcMessage(byte[] encryptionKey, byte[] integrityKey, byte[] plaintext, int extraCiphertextBytes = 0)
    {
        var ciphertextLength = plaintext.Length + extraCiphertextBytes;
        var length = IkeHeader.Size + 4 + 16 + ciphertextLength + 16;
        var datagram = new byte[length];
        (SampleMessages.AuthRequestHeader with { NextPayload = PayloadType.Encrypted, Length = length }).Write(datagram);
        datagram[IkeHeader.Size] = (byte)PayloadType.Notify;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(IkeHeader.Size + 2), (ushort)(length - IkeHeader.Size));
        using (var cipher = AesCbcEncryption.Aes256.CreateCipher(encryptionKey))
        {
            cipher.Encrypt(datagram.AsSpan(32, 16), plaintext, datagram.AsSpan(48, plaintext.Length));
        }

        HmacSha2Integrity.Sha256_128.ComputeIcv(integrityKey, datagram.AsSpan(0, length - 16), datagram.AsSpan(length - 16));
        return datagram;
    }

    /// <summary>An AEAD algorithm that counts the keyed ciphers it made and how many are not disposed yet.</summary>
    private sealed class LiveCipherCountingAead(IAeadAlgorithm inner) : IAeadAlgorithm
    {
        public int Live { get; private set; }

        public int Created { get; private set; }

        public EncryptionTransformId Id => inner.Id;

        public int KeyLengthBits => inner.KeyLengthBits;

        public int KeyMaterialLength => inner.KeyMaterialLength;

        public int IvLength => inner.IvLength;

        public int BlockSize => inner.BlockSize;

        public int IcvLength => inner.IcvLength;

        public IAeadCipher CreateCipher(ReadOnlySpan<byte> keyMaterial)
        {
            Live++;
            Created++;
            return new Counted(inner.CreateCipher(keyMaterial), this);
        }

        private sealed class Counted(IAeadCipher cipher, LiveCipherCountingAead owner) : IAeadCipher
        {
            public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
                cipher.Encrypt(iv, plaintext, associatedData, ciphertext, tag);

            public bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
                cipher.TryDecrypt(iv, ciphertext, tag, associatedData, plaintext);

            public void Dispose()
            {
                cipher.Dispose();
                owner.Live--;
            }
        }
    }
}
