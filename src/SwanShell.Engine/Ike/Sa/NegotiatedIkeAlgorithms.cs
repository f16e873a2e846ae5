using System.Diagnostics.CodeAnalysis;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>The algorithms of a chosen IKE proposal, resolved to their implementations.</summary>
public sealed record NegotiatedIkeAlgorithms(IEncryptionAlgorithm Encryption, IIntegrityAlgorithm? Integrity, IPseudorandomFunction Prf, KeyExchangeTransformId KeyExchange)
{
    /// <summary>Resolves a proposal holding one transform of each type; false if any is missing or unsupported.</summary>
    public static bool TryResolve(Proposal proposal, [NotNullWhen(true)] out NegotiatedIkeAlgorithms? algorithms)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        algorithms = null;
        var encryption = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.Encryption);
        var prf = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.PseudorandomFunction);
        var integrity = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.Integrity);
        var keyExchange = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.KeyExchange);
        if (encryption is null || prf is null || keyExchange is null
            || !AlgorithmRegistry.TryGetEncryption((EncryptionTransformId)encryption.Id, encryption.KeyLength ?? 0, out var encryptionAlgorithm)
            || !AlgorithmRegistry.TryGetPrf((PrfTransformId)prf.Id, out var prfAlgorithm)
            || !AlgorithmRegistry.IsSupported((KeyExchangeTransformId)keyExchange.Id))
        {
            return false;
        }

        // AEAD ciphers take no integrity transform (RFC 5282 §8); the others need one.
        IIntegrityAlgorithm? integrityAlgorithm = null;
        if ((encryptionAlgorithm is IAeadAlgorithm) != (integrity is null)
            || (integrity is not null && !AlgorithmRegistry.TryGetIntegrity((IntegrityTransformId)integrity.Id, out integrityAlgorithm)))
        {
            return false;
        }

        algorithms = new NegotiatedIkeAlgorithms(encryptionAlgorithm, integrityAlgorithm, prfAlgorithm, (KeyExchangeTransformId)keyExchange.Id);
        return true;
    }

    public override string ToString() =>
        Integrity is null ? $"{Encryption}/{Prf}/{KeyExchange}" : $"{Encryption}/{Integrity}/{Prf}/{KeyExchange}";
}
