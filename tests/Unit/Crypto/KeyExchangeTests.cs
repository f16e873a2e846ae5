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
            "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
            Convert.ToHexStringLower(bob.PublicValue));
        Assert.Equal(
            "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d",
            Convert.ToHexStringLower(bob.Agree(alice.PublicValue)));
        Assert.Equal(
            "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d",
            Convert.ToHexStringLower(alice.Agree(bob.PublicValue)));
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

    /// <summary>
    /// Public values and shared secrets are zero-padded on the left to the prime's length (RFC 7296 §3.4, §2.14).
    /// The exponent was picked so that both g^x and g^xy begin with a zero byte; the expected values were computed
    /// independently with Python's pow() over the RFC 3526 prime.
    /// </summary>
    [Fact]
    public void Modp_2048_values_with_leading_zero_bytes_keep_the_length_of_the_prime()
    {
        using var exchange = new ModpKeyExchange(KeyExchangeTransformId.MODP_2048, Convert.FromHexString("0100000000000000000000000000000000000000000000000000003096"));

        Assert.Equal(
            "00fc0d84fc4c5206d9e5dfb992236c5fc207b03aeb21f333b2a03d5ca61b1b58c7440a3208f713050013ee0e94f5d441ac5b4415d9638fb15e749b1bb51e873a"
            + "4832bd77aa087facd4ad78b11e01e88f0ad0e3565a7cec9886d65f62d0bb109c8e1752a73c6c4609a4d831caf1d126efdd111ac6d1ed6bd5bcd15dfc91813dc6"
            + "9e5bc07725c63815730c16eda0770d23be88396983d3dfc957352ef6c4208e64a1965b7485f5925781f1bbcbd3163746d23b1c5b667c1108b6f9907d4eb2f0b3"
            + "245250905307808f8a929bbfc0c18ee49cfeeb39c1b299ae0eea4022d7ff51958a7f1b6e9e2cdb140ec172d55b4448bb25da43d24c879072f228f6cdde736dd7",
            Convert.ToHexStringLower(exchange.PublicValue));
        Assert.Equal(
            "00ee15df4861751cce3e674886e118d4ea34626ad24c30c12c4aec292e4ab93e8e7b317efc07b14bc434f0b83fec58d3701c0e89e1271d4b333e1de1d2f5bc41"
            + "5941934fcf5eff76b0a130e0dcb4ad2c0c09146993322b2c9b6cfe885ae4776c6e115bf5fe620e678274becf4f0e5b35ddf9abcc260a4f9336f07a49d1050bdf"
            + "5c095100cf87cc94015af345cf2d92f539280c89c46c70899b5f682cc3ef46228a2f53692769d6ad4d6c37462eb4741ca73c3f925a674f67525fbe7a50d8286d"
            + "f5f0c79b6f9b9a979b4665a81646265c8ab3e6473d74fb0aadd67f35ffd217d457c544bb9cff1e93fb1486d504c59d87210906a57c800aab7eda4751e2adf28b",
            Convert.ToHexStringLower(exchange.Agree(Convert.FromHexString(
                "2b7f4c9fb3d82fed57e69bd35045f2df6e810b6976bf1197ad9ac4e2a66d65b2afefc94203715ee024133bbd4459391f486ecbe307f22cd6839b237e97ebbf16"
            + "a342e58055b23952a90102e0e782f40f266698a78f1d925634c9028ce20e31a33dea720b4c3f6502031f3f2f416271977ead2e8d8f43e65e344184508bc82d8b"
            + "2cc332b6d2cb9e997af5dc440a0cb7f37e56bfbbb91fd244cff312a0795cc5933bce2c43e63ce7bc0f963ce09c8c0e8b6d4f9adc234c90e51222fa705cf33aad"
            + "a2104a9943848102553ca4b4a46c8aa304293e97f5e9e5db5a28f4d455a53ea7623500cf7a101fd5fa24598e4ea576d7d72af99ac626bb8d6ae17ca435189b2c"))));
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
    public void Modp_public_value_outside_the_prime_order_subgroup_is_taken_as_RFC_6989_allows_for_safe_primes()
    {
        using var exchange = new ModpKeyExchange(KeyExchangeTransformId.MODP_2048);

        // p - 2 = -2 mod p: a quadratic non-residue, as p = 7 mod 8; it is in range, so it is used. p ends in 0xff.
        var value = (byte[])ModpGroup.Of(KeyExchangeTransformId.MODP_2048).PrimeBytes.Clone();
        value[^1] -= 2;

        Assert.Equal(256, exchange.Agree(value).Length);
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
