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
