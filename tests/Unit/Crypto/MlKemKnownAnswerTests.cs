using System.Security.Cryptography;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

/// <summary>
/// FIPS 203 known answers for ML-KEM-768 and ML-KEM-1024 through the IKE key exchange: NIST ACVP vectors (source in
/// Fixtures/MlKem/ml-kem-acvp.json). What crosses the wire in the KE payload is what the vectors name: the
/// initiator's data is the encapsulation key ek, the responder's the ciphertext c, and both end with K.
/// </summary>
public sealed class MlKemKnownAnswerTests
{
    public static TheoryData<KeyExchangeTransformId> ParameterSets => new() { KeyExchangeTransformId.ML_KEM_768, KeyExchangeTransformId.ML_KEM_1024 };

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Initiator_data_from_the_seeds_d_and_z_is_the_ACVP_keyGen_encapsulation_key(KeyExchangeTransformId method)
    {
        var vector = Case(method).GetProperty("keyGen");
        using var initiator = new MlKemKeyExchange(method, Fixed(Hex(vector, "d"), Hex(vector, "z")));

        var initiatorData = initiator.CreateInitiatorData();

        Assert.Equal(Hex(vector, "ek"), initiatorData);
        Assert.Equal(Hex(vector, "dkSha256"), SHA256.HashData(initiator.ExportDecapsulationKey()));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Responder_data_for_the_encapsulation_key_and_a_fixed_m_is_the_ACVP_ciphertext_and_shared_secret(KeyExchangeTransformId method)
    {
        var vector = Case(method).GetProperty("encapDecap");
        using var responder = new MlKemKeyExchange(method, Fixed(Hex(vector, "m")));

        var responderData = responder.ProcessInitiatorData(Hex(vector, "ek"), out var sharedSecret);

        Assert.Equal(Hex(vector, "c"), responderData);
        Assert.Equal(Hex(vector, "k"), sharedSecret);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public void Initiator_decapsulating_the_ACVP_ciphertext_gets_the_ACVP_shared_secret(KeyExchangeTransformId method)
    {
        var vector = Case(method).GetProperty("encapDecap");
        using var initiator = MlKemKeyExchange.WithDecapsulationKey(method, Hex(vector, "dk"));

        Assert.Equal(Hex(vector, "k"), initiator.ProcessResponderData(Hex(vector, "c")));
    }

    [Fact]
    public void A_modified_ciphertext_decapsulates_to_the_ACVP_implicit_rejection_secret()
    {
        var vector = Case(KeyExchangeTransformId.ML_KEM_768).GetProperty("modifiedCiphertext");
        using var initiator = MlKemKeyExchange.WithDecapsulationKey(KeyExchangeTransformId.ML_KEM_768, Hex(vector, "dk"));

        Assert.Equal(Hex(vector, "k"), initiator.ProcessResponderData(Hex(vector, "c")));
    }

    private static JsonElement Case(KeyExchangeTransformId method)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "MlKem", "ml-kem-acvp.json")));
        var name = method == KeyExchangeTransformId.ML_KEM_768 ? "ML-KEM-768" : "ML-KEM-1024";
        return document.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    private static byte[] Hex(JsonElement vector, string name) => Convert.FromHexString(vector.GetProperty(name).GetString()!);

    /// <summary>A random source that hands out exactly these bytes, in order, and fails when asked for more.</summary>
    private static SecureRandom Fixed(params byte[][] draws) => new(new FixedBytes([.. draws.SelectMany(d => d)]));

    private sealed class FixedBytes(byte[] source) : IRandomGenerator
    {
        private int _taken;

        public void AddSeedMaterial(byte[] seed)
        {
        }

        public void AddSeedMaterial(ReadOnlySpan<byte> seed)
        {
        }

        public void AddSeedMaterial(long seed)
        {
        }

        public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

        public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

        public void NextBytes(Span<byte> bytes)
        {
            if (_taken + bytes.Length > source.Length)
            {
                throw new InvalidOperationException($"asked for {bytes.Length} more random bytes after {_taken} of {source.Length}");
            }

            source.AsSpan(_taken, bytes.Length).CopyTo(bytes);
            _taken += bytes.Length;
        }
    }
}
