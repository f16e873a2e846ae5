using System.Numerics;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

public sealed class AuthMethodSignatureTests
{
    private static readonly byte[] Abc = "abc"u8.ToArray();

    [Theory]
    [InlineData(
        "nistP256",
        "2442A5CC0ECD015FA3CA31DC8E2BBC70BF42D60CBCA20085E0822CB04235E970",
        "6FC98BD7E50211A4A27102FA3549DF79EBCB4BF246B80945CDDFE7D509BBFD7D",
        "CB28E0999B9C7715FD0A80D8E47A77079716CBBF917DD72E97566EA1C066957C86FA3BB4E26CAD5BF90B7F81899256CE7594BB1EA0C89212748BFF3B3D5B0315")]
    [InlineData(
        "nistP384",
        "96281BF8DD5E0525CA049C048D345D3082968D10FEDF5C5ACA0C64E6465A97EA5CE10C9DFEC21797415710721F437922",
        "447688BA94708EB6E2E4D59F6AB6D7EDFF9301D249FE49C33096655F5D502FAD3D383B91C5E7EDAA2B714CC99D5743CA",
        "FB017B914E29149432D8BAC29A514640B46F53DDAB2C69948084E2930F1C8F7E08E07C9C63F2D21A07DCB56A6AF56EB3B263A1305E057F984D38726A1B46874109F417BCA112674C528262A40A629AF1CBB9F516CE0FA7D2FF630863A00E8B9F")]
    public void ECDSA_methods_verify_the_RFC_4754_section_8_test_vectors(string curve, string x, string y, string signature)
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromFriendlyName(curve),
            Q = new ECPoint { X = Convert.FromHexString(x), Y = Convert.FromHexString(y) },
        });
        var method = EcdsaAuthSignature.For(key)!;
        var tampered = Convert.FromHexString(signature);
        tampered[^1] ^= 1;

        Assert.True(method.Verify(key, Abc, Convert.FromHexString(signature)));
        Assert.False(method.Verify(key, Abc, tampered));
        Assert.False(method.Verify(key, "abd"u8, Convert.FromHexString(signature)));
    }

    [Theory]
    [InlineData("nistP256", AuthenticationMethod.ECDSA_SHA256_P256, 64)]
    [InlineData("nistP384", AuthenticationMethod.ECDSA_SHA384_P384, 96)]
    [InlineData("nistP521", AuthenticationMethod.ECDSA_SHA512_P521, 132)]
    public void ECDSA_method_follows_the_keys_curve_and_signs_r_and_s_at_fixed_length(string curve, AuthenticationMethod expected, int length)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var method = EcdsaAuthSignature.For(key)!;

        var signature = method.Sign(key, Abc);

        Assert.Equal(expected, method.Method);
        Assert.Equal(length, signature.Length);
        Assert.True(method.Verify(key, Abc, signature));
        Assert.All(new[] { EcdsaAuthSignature.P256, EcdsaAuthSignature.P384, EcdsaAuthSignature.P521 }.Where(m => m != method), other => Assert.False(other.Verify(key, Abc, signature)));
    }

    [Fact]
    public void Curves_without_an_RFC_4754_method_and_RSA_keys_have_none()
    {
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        using var rsa = RSA.Create(2048);

        Assert.Null(EcdsaAuthSignature.For(brainpool));
        Assert.Null(EcdsaAuthSignature.For(rsa));
    }

    [Fact]
    public void RSA_method_1_verifies_PKCS1_v1_5_over_SHA1_and_nothing_else()
    {
        using var key = RSA.Create(2048);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var sha1Signature = RawPkcs1Signature(parameters, "3021300906052b0e03021a05000414", SHA1Of(Abc));
        var sha256Signature = RawPkcs1Signature(parameters, "3031300d060960864801650304020105000420", SHA256.HashData(Abc));

        Assert.True(RsaSha1AuthSignature.Instance.Verify(key, Abc, sha1Signature));
        Assert.False(RsaSha1AuthSignature.Instance.Verify(key, "abd"u8, sha1Signature));
        Assert.False(RsaSha1AuthSignature.Instance.Verify(key, Abc, sha256Signature));
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(RsaSha1AuthSignature.Instance.CanUse(ecdsa));
    }

    [Fact]
    public void Auth_methods_1_and_9_to_11_name_their_signatures_and_others_none()
    {
        Assert.Same(RsaSha1AuthSignature.Instance, AuthenticationData.MethodSignature(AuthenticationMethod.RSA_DIGITAL_SIGNATURE));
        Assert.Same(EcdsaAuthSignature.P256, AuthenticationData.MethodSignature(AuthenticationMethod.ECDSA_SHA256_P256));
        Assert.Same(EcdsaAuthSignature.P384, AuthenticationData.MethodSignature(AuthenticationMethod.ECDSA_SHA384_P384));
        Assert.Same(EcdsaAuthSignature.P521, AuthenticationData.MethodSignature(AuthenticationMethod.ECDSA_SHA512_P521));
        Assert.Null(AuthenticationData.MethodSignature(AuthenticationMethod.DIGITAL_SIGNATURE));
        Assert.Null(AuthenticationData.MethodSignature(AuthenticationMethod.DSS_DIGITAL_SIGNATURE));
    }

#pragma warning disable CA5350 // method 1 is SHA-1 by definition; the test builds such a signature by hand.
    private static byte[] SHA1Of(byte[] data) => SHA1.HashData(data);
#pragma warning restore CA5350

    /// <summary>EMSA-PKCS1-v1_5 (RFC 8017 §9.2) built by hand and raised to the private exponent, independently of .NET's RSA.</summary>
    private static byte[] RawPkcs1Signature(RSAParameters key, string digestInfoPrefix, byte[] hash)
    {
        var length = key.Modulus!.Length;
        var t = Convert.FromHexString(digestInfoPrefix).Concat(hash).ToArray();
        var encoded = new byte[length];
        encoded[1] = 0x01;
        encoded.AsSpan(2, length - t.Length - 3).Fill(0xff);
        t.CopyTo(encoded, length - t.Length);
        var signature = BigInteger.ModPow(
            new BigInteger(encoded, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.D, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[length - signature.Length], .. signature];
    }
}
