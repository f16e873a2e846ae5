using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

public sealed class KeyExchangeTests
{
    [Fact]
    public void Curve25519_matches_RFC_7748_section_6_1()
    {
        using var alice = new Curve25519KeyExchange(Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        using var bob = new Curve25519KeyExchange(Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alice.PublicValue));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bob.PublicValue));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(alice.Agree(bob.PublicValue)));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(bob.Agree(alice.PublicValue)));
    }

    [Fact]
    public void Curve448_matches_RFC_7748_section_6_2()
    {
        using var alice = new Curve448KeyExchange(Convert.FromHexString(
            "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b"));
        using var bob = new Curve448KeyExchange(Convert.FromHexString(
            "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d"));

        Assert.Equal(
            "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
            Convert.ToHexStringLower(alice.PublicValue));
        Assert.Equal(
            "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d",
            Convert.ToHexStringLower(bob.Agree(alice.PublicValue)));
    }

    [Fact]
    public void Ecp256_matches_RFC_5903_section_8_1()
    {
        using var initiator = new EcpKeyExchange(KeyExchangeTransformId.ECP_256, P256Key(
            "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
            "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180",
            "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3"));
        using var responder = new EcpKeyExchange(KeyExchangeTransformId.ECP_256, P256Key(
            "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
            "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63",
            "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB"));

        Assert.Equal(
            "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180" + "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
            Convert.ToHexString(initiator.PublicValue));
        Assert.Equal("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE", Convert.ToHexString(initiator.Agree(responder.PublicValue)));
        Assert.Equal("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE", Convert.ToHexString(responder.Agree(initiator.PublicValue)));
    }

    public static TheoryData<KeyExchangeTransformId, int, int> Methods => new()
    {
        // method, initiator KE data length, responder KE data length
        { KeyExchangeTransformId.MODP_2048, 256, 256 },
        { KeyExchangeTransformId.MODP_3072, 384, 384 },
        { KeyExchangeTransformId.MODP_4096, 512, 512 },
        { KeyExchangeTransformId.ECP_256, 64, 64 },
        { KeyExchangeTransformId.ECP_384, 96, 96 },
        { KeyExchangeTransformId.ECP_521, 132, 132 },
        { KeyExchangeTransformId.CURVE25519, 32, 32 },
        { KeyExchangeTransformId.CURVE448, 56, 56 },
        { KeyExchangeTransformId.ML_KEM_768, 1184, 1088 },
        { KeyExchangeTransformId.ML_KEM_1024, 1568, 1568 },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Initiator_and_responder_agree_on_the_shared_secret(KeyExchangeTransformId method, int initiatorLength, int responderLength)
    {
        using var initiator = AlgorithmRegistry.CreateKeyExchange(method);
        using var responder = AlgorithmRegistry.CreateKeyExchange(method);

        var initiatorData = initiator.CreateInitiatorData();
        var responderData = responder.ProcessInitiatorData(initiatorData, out var responderSecret);
        var initiatorSecret = initiator.ProcessResponderData(responderData);

        Assert.Equal(initiatorLength, initiatorData.Length);
        Assert.Equal(responderLength, responderData.Length);
        Assert.Equal(responderSecret, initiatorSecret);
        Assert.True(AlgorithmRegistry.IsSupported(method));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Key_exchange_data_of_the_wrong_length_is_invalid_syntax(KeyExchangeTransformId method, int initiatorLength, int responderLength)
    {
        _ = responderLength;
        using var responder = AlgorithmRegistry.CreateKeyExchange(method);

        var e = Assert.Throws<IkeProtocolException>(() => responder.ProcessInitiatorData(new byte[initiatorLength - 1], out _));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void Curve25519_low_order_point_is_rejected()
    {
        using var exchange = new Curve25519KeyExchange();

        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(new byte[32]));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void Ecp_point_not_on_the_curve_is_rejected()
    {
        using var exchange = new EcpKeyExchange(KeyExchangeTransformId.ECP_256);
        var notOnCurve = (byte[])exchange.PublicValue.Clone();
        notOnCurve[^1] ^= 1;

        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(notOnCurve));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public void Modp_public_value_outside_2_to_p_minus_2_is_rejected(string lastByte)
    {
        using var exchange = new ModpKeyExchange(KeyExchangeTransformId.MODP_2048);
        var value = new byte[256];
        value[^1] = Convert.FromHexString(lastByte)[0];

        var e = Assert.Throws<IkeProtocolException>(() => exchange.Agree(value));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void ML_KEM_encapsulation_key_failing_the_FIPS_203_modulus_check_is_INVALID_SYNTAX()
    {
        using var responder = new MlKemKeyExchange(KeyExchangeTransformId.ML_KEM_768);

        // 0xfff is no coefficient below q = 3329.
        var e = Assert.Throws<IkeProtocolException>(() => responder.ProcessInitiatorData(Enumerable.Repeat((byte)0xff, 1184).ToArray(), out _));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Fact]
    public void Forged_ML_KEM_ciphertext_yields_a_different_secret_not_an_error()
    {
        using var initiator = new MlKemKeyExchange(KeyExchangeTransformId.ML_KEM_768);
        using var responder = new MlKemKeyExchange(KeyExchangeTransformId.ML_KEM_768);
        var ciphertext = responder.ProcessInitiatorData(initiator.CreateInitiatorData(), out var secret);
        ciphertext[0] ^= 1;

        Assert.NotEqual(secret, initiator.ProcessResponderData(ciphertext));
    }

    private static ECParameters P256Key(string d, string x, string y) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Convert.FromHexString(d),
        Q = new ECPoint { X = Convert.FromHexString(x), Y = Convert.FromHexString(y) },
    };
}
