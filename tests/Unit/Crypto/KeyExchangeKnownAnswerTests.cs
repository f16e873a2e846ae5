using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

/// <summary>
/// Known answers for the libcrypto key exchanges beyond the first vector of each RFC (KeyExchangeTests): RFC 7748 §5.2
/// (single and iterated X25519/X448), RFC 5903 §8.2 and §8.3 (ECP-384/521), RFC 3526's primes and generator.
/// </summary>
public sealed class KeyExchangeKnownAnswerTests
{
    [Theory]
    [InlineData(
        KeyExchangeTransformId.CURVE25519,
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData(
        KeyExchangeTransformId.CURVE25519,
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    [InlineData(
        KeyExchangeTransformId.CURVE448,
        "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
        "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086",
        "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f")]
    [InlineData(
        KeyExchangeTransformId.CURVE448,
        "203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f",
        "0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db",
        "884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d")]
    public void Scalar_multiplication_matches_RFC_7748_section_5_2(KeyExchangeTransformId method, string scalar, string u, string expected)
    {
        using var exchange = Montgomery(method, Convert.FromHexString(scalar));

        Assert.Equal(expected, Convert.ToHexStringLower(exchange.Agree(Convert.FromHexString(u))));
    }

    /// <summary>RFC 7748 §5.2: k = u = the base point; then k, u = X(k, u), k. Scalars are taken unclamped.</summary>
    [Theory]
    [InlineData(KeyExchangeTransformId.CURVE25519, 1, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")]
    [InlineData(KeyExchangeTransformId.CURVE25519, 1000, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")]
    [InlineData(
        KeyExchangeTransformId.CURVE448, 1,
        "3f482c8a9f19b01e6c46ee9711d9dc14fd4bf67af30765c2ae2b846a4d23a8cd0db897086239492caf350b51f833868b9bc2b3bca9cf4113")]
    [InlineData(
        KeyExchangeTransformId.CURVE448, 1000,
        "aa3b4749d55b9daf1e5b00288826c467274ce3ebbdd5c17b975e09d4af6c67cf10d087202db88286e2b79fceea3ec353ef54faa26e219f38")]
    public void Iterated_scalar_multiplication_matches_RFC_7748_section_5_2(KeyExchangeTransformId method, int iterations, string expected)
    {
        var (length, basePoint) = method == KeyExchangeTransformId.CURVE25519 ? (32, (byte)9) : (56, (byte)5);
        var k = new byte[length];
        k[0] = basePoint;
        var u = (byte[])k.Clone();

        for (var i = 0; i < iterations; i++)
        {
            using var exchange = Montgomery(method, k);
            (k, u) = (exchange.Agree(u), k);
        }

        Assert.Equal(expected, Convert.ToHexStringLower(k));
    }

    [Fact]
    public void Curve448_low_order_point_is_rejected()
    {
        using var exchange = new Curve448KeyExchange();

        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(new byte[56]));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    public static TheoryData<KeyExchangeTransformId, string, string, string, string, string, string, string> Rfc5903Vectors => new()
    {
        {
            KeyExchangeTransformId.ECP_384,
            "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
            "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA",
            "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
            "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
            "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571",
            "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
            "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746"
        },
        {
            KeyExchangeTransformId.ECP_521,
            "0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A095AA85A30FE1C2952C6771D937BA9777F5957B2639BAB072462F68C27A57382D4A52",
            "0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBEE1E3BF42E00B8E380AEAE57C2D107564941885942AF5A7F4601723C4195D176CED3E",
            "017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10AD8A788015AC405D7799DC75E7B7D5B6CF2261A6A7F1507438BF01BEB6CA3926F9582",
            "0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E9C677D600B343757A3BDBF2A3163E4C2F869CCA7458AA4A4EFFC311F5CB151685EB9",
            "00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A219B97C356436ADC6E95BB0352F6BE64A6C2912D4EF2D0433CED2B6171640012D9460F",
            "015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87220B6536C5C408A1D2AEBB8E86D678AE49CB57091F4732296579AB44FCD17F0FC56A",
            "01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04D1427E73CA4BAA240A34786859810C06B3C715A3A8CC3151F2BEE417996D19F3DDEA"
        },
    };

    /// <summary>RFC 5903 §8.2, §8.3: g^i, g^r and the x coordinate of g^ir, zero-padded to the field (P-521: 66 bytes).</summary>
    [Theory]
    [MemberData(nameof(Rfc5903Vectors))]
    public void Ecp_matches_RFC_5903_section_8(KeyExchangeTransformId method, string i, string gix, string giy, string r, string grx, string gry, string girx)
    {
        using var initiator = new EcpKeyExchange(method, Key(method, i, gix, giy));
        using var responder = new EcpKeyExchange(method, Key(method, r, grx, gry));

        Assert.Equal(gix + giy, Convert.ToHexString(initiator.PublicValue));
        Assert.Equal(grx + gry, Convert.ToHexString(responder.PublicValue));
        Assert.Equal(girx, Convert.ToHexString(initiator.Agree(responder.PublicValue)));
        Assert.Equal(girx, Convert.ToHexString(responder.Agree(initiator.PublicValue)));
    }

    [Theory]
    [InlineData(KeyExchangeTransformId.ECP_384)]
    [InlineData(KeyExchangeTransformId.ECP_521)]
    public void Ecp_point_not_on_the_curve_is_rejected_for_every_curve(KeyExchangeTransformId method)
    {
        using var exchange = new EcpKeyExchange(method);
        var notOnCurve = (byte[])exchange.PublicValue.Clone();
        notOnCurve[^1] ^= 1;

        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(notOnCurve));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    /// <summary>
    /// RFC 3526: libcrypto's primes against BouncyCastle's copy of the RFC's constants (two independent transcriptions),
    /// and the form the RFC gives them: p = 2^n - 2^(n-64) - 1 + 2^64 * (...), so the top and bottom 64 bits are set.
    /// </summary>
    [Theory]
    [InlineData(KeyExchangeTransformId.MODP_2048, 2048)]
    [InlineData(KeyExchangeTransformId.MODP_3072, 3072)]
    [InlineData(KeyExchangeTransformId.MODP_4096, 4096)]
    public void Modp_primes_are_those_of_RFC_3526(KeyExchangeTransformId method, int bits)
    {
        var prime = ModpGroup.Of(method).PrimeBytes;

        Assert.Equal(bits / 8, prime.Length);
        Assert.Equal(Convert.ToHexString(Rfc3526(method).P.ToByteArrayUnsigned()), Convert.ToHexString(prime));
        Assert.All(prime[..8], b => Assert.Equal(0xff, b));
        Assert.All(prime[^8..], b => Assert.Equal(0xff, b));
    }

    /// <summary>The generator is 2 (an exponent of 1 yields 2), and g^x and (g^y)^x agree with BouncyCastle's arithmetic.</summary>
    [Theory]
    [InlineData(KeyExchangeTransformId.MODP_2048)]
    [InlineData(KeyExchangeTransformId.MODP_3072)]
    [InlineData(KeyExchangeTransformId.MODP_4096)]
    public void Modp_exchange_is_2_to_the_x_modulo_the_RFC_3526_prime(KeyExchangeTransformId method)
    {
        var group = Rfc3526(method);
        var length = group.P.BitLength / 8;
        using (var one = new ModpKeyExchange(method, [1]))
        {
            Assert.Equal(Pad(Org.BouncyCastle.Math.BigInteger.Two, length), one.PublicValue);
        }

        var x = RandomNumberGenerator.GetBytes(40);
        var peer = Pad(group.G.ModPow(new Org.BouncyCastle.Math.BigInteger(1, RandomNumberGenerator.GetBytes(40)), group.P), length);
        using var exchange = new ModpKeyExchange(method, x);

        var exponent = new Org.BouncyCastle.Math.BigInteger(1, x);
        Assert.Equal(Pad(group.G.ModPow(exponent, group.P), length), exchange.PublicValue);
        Assert.Equal(Pad(new Org.BouncyCastle.Math.BigInteger(1, peer).ModPow(exponent, group.P), length), exchange.Agree(peer));
    }

    [Theory]
    [InlineData(KeyExchangeTransformId.MODP_2048, 1)]
    [InlineData(KeyExchangeTransformId.MODP_2048, 0)]
    [InlineData(KeyExchangeTransformId.MODP_3072, 1)]
    [InlineData(KeyExchangeTransformId.MODP_4096, -1)]
    public void Modp_public_value_of_p_minus_1_or_more_is_rejected(KeyExchangeTransformId method, int offset)
    {
        // p - 1 (offset 0), p (offset 1), or all ones (offset -1: above p).
        var value = (byte[])ModpGroup.Of(method).PrimeBytes.Clone();
        if (offset < 0)
        {
            Array.Fill(value, (byte)0xff);
        }
        else
        {
            value[^1] = (byte)(value[^1] - 1 + offset);
        }

        using var exchange = new ModpKeyExchange(method);
        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(value));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    private static MontgomeryCurveKeyExchange Montgomery(KeyExchangeTransformId method, byte[] scalar) =>
        method == KeyExchangeTransformId.CURVE25519 ? new Curve25519KeyExchange(scalar) : new Curve448KeyExchange(scalar);

    private static Org.BouncyCastle.Crypto.Parameters.DHParameters Rfc3526(KeyExchangeTransformId method) => method switch
    {
        KeyExchangeTransformId.MODP_2048 => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_2048,
        KeyExchangeTransformId.MODP_3072 => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_3072,
        _ => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_4096,
    };

    private static byte[] Pad(Org.BouncyCastle.Math.BigInteger value, int length) =>
        Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(length, value);

    private static ECParameters Key(KeyExchangeTransformId method, string d, string x, string y) => new()
    {
        Curve = method == KeyExchangeTransformId.ECP_384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP521,
        D = Convert.FromHexString(d),
        Q = new ECPoint { X = Convert.FromHexString(x), Y = Convert.FromHexString(y) },
    };
}
