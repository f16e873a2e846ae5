using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Picks the proposal a responder accepts (RFC 7296 §2.7, §3.3.6): our configured proposals in our order of
/// preference, and within each transform type our first choice that the peer also offered. Transforms with
/// attributes we do not understand are never chosen. A type that only one side lists is acceptable only if that side
/// also allows none of it (transform ID 0, as KE NONE for a Child SA without PFS).
/// </summary>
public static class ProposalSelection
{
    /// <summary>The chosen proposal, carrying the peer's proposal number and one transform of each type; null when nothing matches.</summary>
    public static Proposal? Select(IReadOnlyList<Proposal> offered, IReadOnlyList<Proposal> configured)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(configured);
        foreach (var ours in configured)
        {
            foreach (var theirs in offered)
            {
                if (theirs.ProtocolId == ours.ProtocolId && TryMatch(ours, theirs, out var transforms))
                {
                    return new Proposal(theirs.Number, theirs.ProtocolId, theirs.Spi, transforms);
                }
            }
        }

        return null;
    }

    /// <summary>Why nothing matched, for the log and the status objects: both sides' proposals, named as strongSwan names them.</summary>
    public static string DescribeMismatch(IReadOnlyList<Proposal> offered, IReadOnlyList<Proposal> configured) =>
        $"no proposal chosen: peer offered {Describe(offered)}; we accept {Describe(configured)}";

    public static string Describe(IReadOnlyList<Proposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return string.Join(", ", proposals.Select(Describe));
    }

    public static string Describe(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return $"{proposal.ProtocolId}:{string.Join("/", proposal.Transforms.Select(Describe))}";
    }

    private static string Describe(Transform transform)
    {
        var name = transform.Type switch
        {
            TransformType.Encryption => ((EncryptionTransformId)transform.Id).ToString(),
            TransformType.PseudorandomFunction => ((PrfTransformId)transform.Id).ToString(),
            TransformType.Integrity => ((IntegrityTransformId)transform.Id).ToString(),
            TransformType.ExtendedSequenceNumbers => transform.Id == 1 ? "ESN" : "NO_ESN",
            _ => ((KeyExchangeTransformId)transform.Id).ToString(),
        };
        return transform.KeyLength is { } bits ? $"{name}_{bits}" : name;
    }

    /// <summary>Whether a chosen proposal is made only of transforms one of ours offered (§2.7): what an initiator checks.</summary>
    public static bool IsOneOf(Proposal chosen, IReadOnlyList<Proposal> ours)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        // A chosen NONE (as an ADDKE the responder declined, RFC 9370 §2.2.1) is matched but not kept by Select.
        var named = chosen.Transforms.Where(t => t.Id != 0 || t.Type == TransformType.ExtendedSequenceNumbers).ToList();
        return Select([chosen], ours) is { } accepted
            && accepted.Transforms.Count == named.Count
            && named.All(accepted.Transforms.Contains);
    }

    /// <summary>Whether any proposal lists an additional key exchange (RFC 9370 ADDKE1..7) other than NONE.</summary>
    public static bool HasAdditionalKeyExchanges(IReadOnlyList<Proposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return proposals.SelectMany(p => p.Transforms).Any(t => IsAdditionalKeyExchange(t.Type) && t.Id != 0);
    }

    /// <summary>
    /// The proposals as they stand where no additional key exchange can take place (a peer without IKE_INTERMEDIATE,
    /// CREATE_CHILD_SA without IKE_FOLLOWUP_KE): those that allow NONE for every ADDKE type lose their ADDKE
    /// transforms, and those that insist on one are dropped.
    /// </summary>
    public static IReadOnlyList<Proposal> WithoutAdditionalKeyExchanges(IReadOnlyList<Proposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        return [.. proposals
            .Where(p => p.Transforms.Where(t => IsAdditionalKeyExchange(t.Type)).GroupBy(t => t.Type).All(g => g.Any(t => t.Id == 0)))
            .Select(p => new Proposal(p.Number, p.ProtocolId, p.Spi, [.. p.Transforms.Where(t => !IsAdditionalKeyExchange(t.Type))]))];
    }

    private static bool IsAdditionalKeyExchange(TransformType type) =>
        type is >= TransformType.AdditionalKeyExchange1 and <= TransformType.AdditionalKeyExchange7;

    /// <summary>
    /// Selection that prefers proposals using the key exchange method the initiator already sent a KE payload for,
    /// to spare an INVALID_KE_PAYLOAD round trip.
    /// </summary>
    public static Proposal? SelectPreferring(KeyExchangeTransformId sentMethod, IReadOnlyList<Proposal> offered, IReadOnlyList<Proposal> configured) =>
        Select(offered, [.. configured.Select(p => WithOnlyKeyExchange(p, sentMethod)).OfType<Proposal>()]) ?? Select(offered, configured);

    /// <summary>The proposal's (first) key exchange method, or NONE.</summary>
    public static KeyExchangeTransformId KeyExchangeOf(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return proposal.Transforms.Where(t => t.Type == TransformType.KeyExchange).Select(t => (KeyExchangeTransformId)t.Id).FirstOrDefault(KeyExchangeTransformId.NONE);
    }

    /// <summary>The proposal's additional key exchange methods (RFC 9370), in ADDKE1..7 order, NONE left out.</summary>
    public static IReadOnlyList<KeyExchangeTransformId> AdditionalKeyExchangesOf(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return [.. proposal.Transforms.Where(t => IsAdditionalKeyExchange(t.Type) && t.Id != 0).OrderBy(t => t.Type).Select(t => (KeyExchangeTransformId)t.Id)];
    }

    /// <summary>
    /// Whether an initiator may send a new request with the key exchange method an INVALID_KE_PAYLOAD asked for
    /// (§1.2, §1.3): one that one of our proposals offers, that we implement, and not the one we already sent.
    /// </summary>
    public static bool CanRetryWith(KeyExchangeTransformId wanted, KeyExchangeTransformId sent, IReadOnlyList<Proposal> ours)
    {
        ArgumentNullException.ThrowIfNull(ours);
        return wanted != sent && wanted != KeyExchangeTransformId.NONE && AlgorithmRegistry.IsSupported(wanted)
            && ours.Any(p => p.Transforms.Any(t => t.Type == TransformType.KeyExchange && t.Id == (ushort)wanted));
    }

    /// <summary>The proposal without key exchange transforms, additional ones included: Child SAs made in IKE_AUTH take their keys from the IKE SA's exchanges.</summary>
    public static Proposal WithoutKeyExchange(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new Proposal(proposal.Number, proposal.ProtocolId, proposal.Spi, [.. proposal.Transforms.Where(t => t.Type != TransformType.KeyExchange && !IsAdditionalKeyExchange(t.Type))]);
    }

    private static Proposal? WithOnlyKeyExchange(Proposal proposal, KeyExchangeTransformId method) =>
        proposal.Transforms.Any(t => t.Type == TransformType.KeyExchange && t.Id == (ushort)method)
            ? new Proposal(proposal.Number, proposal.ProtocolId, proposal.Spi,
                [.. proposal.Transforms.Where(t => t.Type != TransformType.KeyExchange || t.Id == (ushort)method)])
            : null;

    private static bool TryMatch(Proposal ours, Proposal theirs, out List<Transform> chosen)
    {
        chosen = [];
        var types = ours.Transforms.Select(t => t.Type).Concat(theirs.Transforms.Select(t => t.Type)).Distinct();
        foreach (var type in types)
        {
            var mine = ours.Transforms.Where(t => t.Type == type).ToList();
            var offered = theirs.Transforms.Where(t => t.Type == type && !t.HasUnrecognizedAttributes).ToList();
            var match = mine.FirstOrDefault(offered.Contains);
            if (match is not null)
            {
                if (match.Id != 0 || type == TransformType.ExtendedSequenceNumbers)
                {
                    chosen.Add(match);
                }

                continue;
            }

            // One side lists the type and the other not: fine only where the listing side also allows none.
            var allowsNone = mine.Count == 0 ? offered.Any(t => t.Id == 0) : offered.Count == 0 && mine.Any(t => t.Id == 0);
            if (!allowsNone)
            {
                return false;
            }
        }

        return true;
    }
}
