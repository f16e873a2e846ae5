using System.Diagnostics.CodeAnalysis;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>The algorithms of a chosen IKE proposal, resolved to their implementations.</summary>
public sealed record NegotiatedIkeAlgorithms(IEncryptionAlgorithm Encryption, IIntegrityAlgorithm? Integrity, IPseudorandomFunction Prf, KeyExchangeTransformId KeyExchange)
{
    /// <summary>The additional key exchanges (RFC 9370), in ADDKE1..7 order with NONE left out: one IKE_INTERMEDIATE exchange each.</summary>
    public IReadOnlyList<KeyExchangeTransformId> AdditionalKeyExchanges { get; init; } = [];

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

        var additional = new List<KeyExchangeTransformId>();
        for (var type = TransformType.AdditionalKeyExchange1; type <= TransformType.AdditionalKeyExchange7; type++)
        {
            var chosen = proposal.Transforms.Where(t => t.Type == type).ToList();
            if (chosen.Count > 1 || (chosen is [{ Id: not 0 } method] && !AlgorithmRegistry.IsSupported((KeyExchangeTransformId)method.Id)))
            {
                return false;
            }

            additional.AddRange(chosen.Where(t => t.Id != 0).Select(t => (KeyExchangeTransformId)t.Id));
        }

        algorithms = new NegotiatedIkeAlgorithms(encryptionAlgorithm, integrityAlgorithm, prfAlgorithm, (KeyExchangeTransformId)keyExchange.Id) { AdditionalKeyExchanges = additional.Count == 0 ? [] : additional };
        return true;
    }

    public override string ToString() =>
        (Integrity is null ? $"{Encryption}/{Prf}/{KeyExchange}" : $"{Encryption}/{Integrity}/{Prf}/{KeyExchange}")
        + string.Concat(AdditionalKeyExchanges.Select(k => $"+{k}"));
}
