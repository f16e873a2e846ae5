using System.Text;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

public sealed class SymmetricAlgorithmTests
{
    private const string GcmPlaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

    private const string GcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    // The GCM specification's test cases 4 (AES-128) and 16 (AES-256): IV cafebabe facedbaddecaf888, split as
    // IKE splits it into a 4-byte salt from the key material and the 8-byte IV of the message.
    [Theory]
    [InlineData(128, "feffe9928665731c6d6a8f9467308308",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47")]
    [InlineData(256, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    public void Aes_gcm_16_matches_the_GCM_specification_test_vectors(int keyBits, string key, string ciphertext, string tag)
    {
        Assert.True(AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_AES_GCM_16, keyBits, out var algorithm));
        var aead = Assert.IsAssignableFrom<IAeadAlgorithm>(algorithm);
        using var cipher = aead.CreateCipher(Convert.FromHexString(key + "cafebabe"));

        AssertAead(cipher, "facedbaddecaf888", GcmPlaintext, GcmAad, ciphertext, tag);
    }

    [Fact]
    public void ChaCha20_Poly1305_matches_RFC_8439_section_2_8_2()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var key = Convert.FromHexString("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        // RFC 8439's nonce is the 32-bit constant 07000000 then the 64-bit IV: exactly RFC 7634's salt || IV.
        using var cipher = ChaCha20Poly1305Encryption.Instance.CreateCipher([.. key, 0x07, 0x00, 0x00, 0x00]);

        AssertAead(cipher, "4041424344454647", Convert.ToHexStringLower(plaintext), "50515253c0c1c2c3c4c5c6c7",
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
            "1ae10b594f09e26a7e902ecbd0600691");
    }

    [Fact]
    public void Aead_with_a_modified_tag_does_not_decrypt()
    {
        using var cipher = AesGcm16Encryption.Aes256.CreateCipher(new byte[36]);
        var plaintext = new byte[20];
        var ciphertext = new byte[20];
        var tag = new byte[16];
        cipher.Encrypt(new byte[8], plaintext, [], ciphertext, tag);
        tag[0] ^= 1;

        Assert.False(cipher.TryDecrypt(new byte[8], ciphertext, tag, [], plaintext));
    }

    [Theory]
    [InlineData(128, "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", "53696e676c6520626c6f636b206d7367", "e353779c1079aeb82708942dbe77181a")]
    [InlineData(256, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", "000102030405060708090a0b0c0d0e0f", "6bc1bee22e409f96e93d7e117393172a", "f58c4c04d6e5f1ba779eabfb5f7bfbd6")]
    public void Aes_cbc_matches_RFC_3602_and_SP_800_38A(int keyBits, string key, string iv, string plaintext, string ciphertext)
    {
        Assert.True(AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_AES_CBC, keyBits, out var algorithm));
        using var cipher = Assert.IsAssignableFrom<IBlockCipherAlgorithm>(algorithm).CreateCipher(Convert.FromHexString(key));
        var output = new byte[16];

        cipher.Encrypt(Convert.FromHexString(iv), Convert.FromHexString(plaintext), output);
        Assert.Equal(ciphertext, Convert.ToHexStringLower(output));
        cipher.Decrypt(Convert.FromHexString(iv), Convert.FromHexString(ciphertext), output);
        Assert.Equal(plaintext, Convert.ToHexStringLower(output));
    }

    // RFC 4868 §2.7.1 (PRF test case 1: a key as long as the hash output, "Hi There").
    [Fact]
    public void Prf_hmac_sha2_256_matches_RFC_4868()
    {
        var output = new byte[32];
        HmacSha2Prf.Sha256.Compute(Enumerable.Repeat((byte)0x0b, 32).ToArray(), "Hi There"u8, output);

        Assert.Equal("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7", Convert.ToHexStringLower(output));
    }

    // RFC 4231 test case 2 ("Jefe"); the PRF is the full HMAC, the integrity transform its first half.
    [Theory]
    [InlineData(PrfTransformId.PRF_HMAC_SHA2_256, IntegrityTransformId.AUTH_HMAC_SHA2_256_128,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData(PrfTransformId.PRF_HMAC_SHA2_384, IntegrityTransformId.AUTH_HMAC_SHA2_384_192,
        "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")]
    [InlineData(PrfTransformId.PRF_HMAC_SHA2_512, IntegrityTransformId.AUTH_HMAC_SHA2_512_256,
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")]
    public void Hmac_sha2_prf_and_truncated_integrity_match_RFC_4231(PrfTransformId prfId, IntegrityTransformId integrityId, string hmac)
    {
        Assert.True(AlgorithmRegistry.TryGetPrf(prfId, out var prf));
        Assert.True(AlgorithmRegistry.TryGetIntegrity(integrityId, out var integrity));
        var prfOutput = new byte[prf.OutputLength];
        var icv = new byte[integrity.IcvLength];

        prf.Compute("Jefe"u8, "what do ya want for nothing?"u8, prfOutput);
        integrity.ComputeIcv("Jefe"u8, "what do ya want for nothing?"u8, icv);

        Assert.Equal(hmac, Convert.ToHexStringLower(prfOutput));
        Assert.Equal(hmac[..(2 * integrity.IcvLength)], Convert.ToHexStringLower(icv));
        Assert.Equal(prf.OutputLength, integrity.KeyLength);
        Assert.True(integrity.VerifyIcv("Jefe"u8, "what do ya want for nothing?"u8, icv));
        icv[^1] ^= 1;
        Assert.False(integrity.VerifyIcv("Jefe"u8, "what do ya want for nothing?"u8, icv));
    }

    [Fact]
    public void Unsupported_transforms_and_key_lengths_are_not_found()
    {
        Assert.False(AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_AES_GCM_16, 0, out _));
        Assert.False(AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_3DES, 0, out _));
        Assert.False(AlgorithmRegistry.TryGetEncryption(EncryptionTransformId.ENCR_CHACHA20_POLY1305, 256, out _));
        Assert.False(AlgorithmRegistry.TryGetPrf(PrfTransformId.PRF_HMAC_MD5, out _));
        Assert.False(AlgorithmRegistry.TryGetIntegrity(IntegrityTransformId.AUTH_HMAC_SHA1_96, out _));
        Assert.False(AlgorithmRegistry.IsSupported(KeyExchangeTransformId.MODP_1024));
    }

    private static void AssertAead(IAeadCipher cipher, string iv, string plaintext, string aad, string ciphertext, string tag)
    {
        var ivBytes = Convert.FromHexString(iv);
        var plaintextBytes = Convert.FromHexString(plaintext);
        var encrypted = new byte[plaintextBytes.Length];
        var tagBytes = new byte[16];

        cipher.Encrypt(ivBytes, plaintextBytes, Convert.FromHexString(aad), encrypted, tagBytes);
        Assert.Equal(ciphertext, Convert.ToHexStringLower(encrypted));
        Assert.Equal(tag, Convert.ToHexStringLower(tagBytes));

        var decrypted = new byte[encrypted.Length];
        Assert.True(cipher.TryDecrypt(ivBytes, encrypted, tagBytes, Convert.FromHexString(aad), decrypted));
        Assert.Equal(plaintextBytes, decrypted);
    }
}
