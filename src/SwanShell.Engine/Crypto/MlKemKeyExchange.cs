using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// ML-KEM-768/1024 (FIPS 203) as an IKEv2 key exchange (draft-ietf-ipsecme-ikev2-mlkem), normally an additional
/// key exchange (RFC 9370): the initiator sends its encapsulation key, the responder the ciphertext, and the
/// 32-byte shared secret is K. BouncyCastle: .NET 10's MLKem needs OpenSSL 3.5 and Debian 12 ships 3.0
/// (MLKem.IsSupported is false here); switch on IsSupported behind this class when that changes.
/// </summary>
public sealed class MlKemKeyExchange : IKeyExchange
{
    private readonly MLKemParameters _parameters;
    private readonly SecureRandom _random;
    private MLKemPrivateKeyParameters? _decapsulationKey;

    public MlKemKeyExchange(KeyExchangeTransformId method)
        : this(method, BouncyCastleRandom.Instance)
    {
    }

    /// <summary>With the randomness given: the seeds d and z of key generation, and m of encapsulation (FIPS 203 §7), in that order.</summary>
    internal MlKemKeyExchange(KeyExchangeTransformId method, SecureRandom random)
    {
        _random = random;
        _parameters = method switch
        {
            KeyExchangeTransformId.ML_KEM_768 => MLKemParameters.ml_kem_768,
            KeyExchangeTransformId.ML_KEM_1024 => MLKemParameters.ml_kem_1024,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a supported ML-KEM parameter set"),
        };
        Method = method;
    }

    public KeyExchangeTransformId Method { get; }

    /// <summary>An initiator holding this expanded decapsulation key (FIPS 203 §7.1), as known-answer tests give one.</summary>
    internal static MlKemKeyExchange WithDecapsulationKey(KeyExchangeTransformId method, byte[] decapsulationKey)
    {
        var exchange = new MlKemKeyExchange(method);
        exchange._decapsulationKey = MLKemPrivateKeyParameters.FromEncoding(exchange._parameters, decapsulationKey);
        return exchange;
    }

    /// <summary>The expanded decapsulation key made by <see cref="CreateInitiatorData"/> (FIPS 203 §7.1): dk_PKE ‖ ek ‖ H(ek) ‖ z.</summary>
    internal byte[] ExportDecapsulationKey() => (_decapsulationKey ?? throw new InvalidOperationException("the initiator data was not created")).GetEncoded();

    public byte[] CreateInitiatorData()
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(_random, _parameters));
        var pair = generator.GenerateKeyPair();
        _decapsulationKey = (MLKemPrivateKeyParameters)pair.Private;
        return ((MLKemPublicKeyParameters)pair.Public).GetEncoded();
    }

    public byte[] ProcessResponderData(ReadOnlySpan<byte> responderData)
    {
        var decapsulationKey = _decapsulationKey ?? throw new InvalidOperationException("the initiator data was not created");
        var decapsulator = new MLKemDecapsulator(_parameters);
        decapsulator.Init(decapsulationKey);
        if (responderData.Length != decapsulator.EncapsulationLength)
        {
            throw IkeProtocolException.InvalidSyntax($"{Method} ciphertext is {responderData.Length} bytes, not {decapsulator.EncapsulationLength}");
        }

        // Decapsulation never fails: a forged ciphertext yields an unrelated secret (implicit rejection, FIPS 203 §6.3),
        // which then fails authentication.
        var secret = new byte[decapsulator.SecretLength];
        decapsulator.Decapsulate(responderData.ToArray(), 0, responderData.Length, secret, 0, secret.Length);
        return secret;
    }

    public byte[] ProcessInitiatorData(ReadOnlySpan<byte> initiatorData, out byte[] sharedSecret)
    {
        MLKemPublicKeyParameters encapsulationKey;
        try
        {
            encapsulationKey = MLKemPublicKeyParameters.FromEncoding(_parameters, initiatorData.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new IkeProtocolException($"the {Method} encapsulation key is malformed", e);
        }

        var encapsulator = new MLKemEncapsulator(_parameters);
        encapsulator.Init(new ParametersWithRandom(encapsulationKey, _random));
        var ciphertext = new byte[encapsulator.EncapsulationLength];
        sharedSecret = new byte[encapsulator.SecretLength];
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, sharedSecret, 0, sharedSecret.Length);
        return ciphertext;
    }

    public void Dispose() => _decapsulationKey = null;

    public override string ToString() => Method.ToString();
}
