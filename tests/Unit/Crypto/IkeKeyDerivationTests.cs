using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

/// <summary>
/// No published NIST ACVP IKEv2 KDF sample with expected values for an HMAC-SHA2 prf was found in the sources
/// available here (ACVP-Server ships only registrations; libacvp only requests). The vector below is a CAVS-format
/// run (SHA-1 prf) recorded in libreswan's IKEv2 CAVS test driver, computed there by NSS: an independent
/// implementation of the same §2.13-§2.18 formulas. Our HMAC-SHA2 prfs are checked separately against RFC 4868/4231.
/// </summary>
public sealed class IkeKeyDerivationTests
{
    private static readonly byte[] Gir = Convert.FromHexString("4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52");
    private static readonly byte[] GirNew = Convert.FromHexString("863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330");
    private static readonly byte[] Ni = Convert.FromHexString("32b50d5f4a3763f3");
    private static readonly byte[] Nr = Convert.FromHexString("9206a04b26564cb1");
    private const ulong SpiI = 0x34c9e7c188868785;
    private const ulong SpiR = 0x3ff77d760d2b2199;

    private const string Skeyseed = "a9a7b222b59f8f48645f28a1db5b5f5d7479cba7";
    private const string Dkm =
        "a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435a7a56cc4";
    private const string DkmChildSa =
        "8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c5811a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee71814ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e664994d234cb4";
    private const string DkmChildSaDh =
        "bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d37301628190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c0400052f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054d56fd74c";
    private const string SkeyseedRekey = "63e81194946ebd05df7df5ebf5d8750056bf1f1d";

    private static readonly HmacSha1Prf Prf = new();

    [Fact]
    public void Skeyseed_is_prf_of_the_nonces_over_the_shared_secret()
    {
        Assert.Equal(Skeyseed, Convert.ToHexStringLower(IkeKeyDerivation.ComputeSkeyseed(Prf, Ni, Nr, Gir)));
    }

    [Fact]
    public void Prf_plus_produces_the_CAVS_keying_material()
    {
        var dkm = new byte[132];
        IkeKeyDerivation.PrfPlus(Prf, Convert.FromHexString(Skeyseed), [.. Ni, .. Nr, .. Convert.FromHexString("34c9e7c1888687853ff77d760d2b2199")], dkm);

        Assert.Equal(Dkm, Convert.ToHexStringLower(dkm));
    }

    [Fact]
    public void Ike_sa_keys_are_cut_from_prf_plus_in_RFC_order()
    {
        // AEAD: no SK_a; AES-GCM-128 takes 20 bytes (key and salt) for each SK_e.
        using var keys = IkeKeyDerivation.DeriveIkeSaKeys(Prf, Convert.FromHexString(Skeyseed), Ni, Nr, SpiI, SpiR, AesGcm16Encryption.Aes128, integrity: null);
        var dkm = Convert.FromHexString(Dkm);

        Assert.Equal(dkm[..20], keys.SK_d.ToArray());
        Assert.Empty(keys.SK_ai.ToArray());
        Assert.Empty(keys.SK_ar.ToArray());
        Assert.Equal(dkm[20..40], keys.SK_ei.ToArray());
        Assert.Equal(dkm[40..60], keys.SK_er.ToArray());
        Assert.Equal(dkm[60..80], keys.SK_pi.ToArray());
        Assert.Equal(dkm[80..100], keys.SK_pr.ToArray());
    }

    [Fact]
    public void Ike_sa_keys_with_an_integrity_transform_include_SK_ai_and_SK_ar()
    {
        using var keys = IkeKeyDerivation.DeriveIkeSaKeys(
            HmacSha2Prf.Sha256, new byte[32], Ni, Nr, SpiI, SpiR, AesCbcEncryption.Aes256, HmacSha2Integrity.Sha256_128);
        var all = new byte[(3 * 32) + (2 * 32) + (2 * 32)];
        IkeKeyDerivation.PrfPlus(HmacSha2Prf.Sha256, new byte[32], [.. Ni, .. Nr, .. Convert.FromHexString("34c9e7c1888687853ff77d760d2b2199")], all);

        Assert.Equal(all[32..64], keys.SK_ai.ToArray());
        Assert.Equal(all[64..96], keys.SK_ar.ToArray());
        Assert.Equal(all[96..128], keys.SK_ei.ToArray());
        Assert.Equal(all[192..224], keys.SK_pr.ToArray());
        Assert.DoesNotContain(Convert.ToHexString(all[..32]), keys.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Child_sa_keymat_without_pfs_is_prf_plus_of_SK_d_over_the_nonces()
    {
        using var keys = IkeKeyDerivation.DeriveChildSaKeys(Prf, Convert.FromHexString(Dkm).AsSpan(0, 20), [], Ni, Nr, 16, 32);
        var expected = Convert.FromHexString(DkmChildSa);

        Assert.Equal(expected[..16], keys.EncryptionKeyInitiatorToResponder.ToArray());
        Assert.Equal(expected[16..48], keys.IntegrityKeyInitiatorToResponder.ToArray());
        Assert.Equal(expected[48..64], keys.EncryptionKeyResponderToInitiator.ToArray());
        Assert.Equal(expected[64..96], keys.IntegrityKeyResponderToInitiator.ToArray());
    }

    [Fact]
    public void Child_sa_keymat_with_pfs_puts_the_new_shared_secret_first()
    {
        using var keys = IkeKeyDerivation.DeriveChildSaKeys(Prf, Convert.FromHexString(Dkm).AsSpan(0, 20), [GirNew], Ni, Nr, 66, 0);

        Assert.Equal(DkmChildSaDh[..(2 * 66)], Convert.ToHexStringLower(keys.EncryptionKeyInitiatorToResponder));
        Assert.Equal(DkmChildSaDh[(2 * 66)..(2 * 132)], Convert.ToHexStringLower(keys.EncryptionKeyResponderToInitiator));
    }

    [Fact]
    public void Rekeyed_ike_sa_skeyseed_is_prf_of_the_old_SK_d()
    {
        var skeyseed = IkeKeyDerivation.ComputeSkeyseed(Prf, Convert.FromHexString(Dkm).AsSpan(0, 20), [GirNew], Ni, Nr);

        Assert.Equal(SkeyseedRekey, Convert.ToHexStringLower(skeyseed));
    }

    [Fact]
    public void Additional_key_exchanges_follow_the_first_secret_and_the_nonces_as_RFC_9370_orders_them()
    {
        byte[] skD = [1, 2, 3];
        byte[] sk0 = [0xa0, 0xa1];
        byte[] sk1 = [0xb0];
        byte[] sk2 = [0xc0, 0xc1, 0xc2];

        var skeyseed = IkeKeyDerivation.ComputeSkeyseed(HmacSha2Prf.Sha256, skD, [sk0, sk1, sk2], Ni, Nr);

        Assert.Equal(HMACSHA256.HashData(skD, (byte[])[.. sk0, .. Ni, .. Nr, .. sk1, .. sk2]), skeyseed);
    }

    [Fact]
    public void Prf_plus_refuses_more_than_255_blocks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IkeKeyDerivation.PrfPlus(HmacSha2Prf.Sha256, new byte[32], [], new byte[(255 * 32) + 1]));
    }

    /// <summary>PRF_HMAC_SHA1, which we do not offer, only to replay the SHA-1 CAVS vector through our prf+.</summary>
    private sealed class HmacSha1Prf : IPseudorandomFunction
    {
        public PrfTransformId Id => PrfTransformId.PRF_HMAC_SHA1;

        public int OutputLength => 20;

#pragma warning disable CA5350 // SHA-1 is what the vector was computed with; never used outside this test.
        public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
            HMACSHA1.HashData(key, data, destination);
#pragma warning restore CA5350
    }
}
