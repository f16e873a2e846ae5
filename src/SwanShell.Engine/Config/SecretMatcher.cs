namespace SwanShell.Engine.Config;

/// <summary>
/// libreswan's choice of a secret for a pair of IDs. Each record scores by what its IDs match: both ends
/// (best), this end and <c>%any</c>, this end as its only ID, the peer and <c>%any</c>, <c>%any</c>, and a
/// record without IDs (worst). For a symmetric secret (PSK) a record matching only this end among several IDs
/// does not count; for a key reference it does. Among equally good records the first in the file wins, and
/// it is noted when their secrets differ.
/// </summary>
internal static class SecretMatcher
{
    [Flags]
    private enum Match
    {
        None = 0,
        Default = 1,
        Any = 2,
        Remote = 4,
        Local = 8,
    }

    public static SecretsEntry? Find(IEnumerable<SecretsEntry> entries, SecretKind kind, IkeIdentity? local, IkeIdentity? remote, out bool ambiguous)
    {
        ArgumentNullException.ThrowIfNull(entries);
        SecretsEntry? best = null;
        var bestMatch = Match.None;
        ambiguous = false;
        var asymmetric = kind is SecretKind.Rsa or SecretKind.Ecdsa;
        foreach (var entry in entries.Where(entry => entry.Kind == kind))
        {
            var match = Score(entry, local, remote);
            if (!Counts(match, asymmetric))
            {
                continue;
            }

            if (match > bestMatch)
            {
                (best, bestMatch) = (entry, match);
            }
            else if (match == bestMatch && best is not null && !Agree(best, entry))
            {
                ambiguous = true;
            }
        }

        return best;
    }

    private static Match Score(SecretsEntry entry, IkeIdentity? local, IkeIdentity? remote)
    {
        if (entry.Ids.Count == 0)
        {
            return Match.Default;
        }

        var match = Match.None;
        foreach (var id in entry.Ids)
        {
            if (id.Kind == IkeIdentityKind.Any)
            {
                match |= Match.Any;
            }
            else
            {
                match |= Same(id, local) ? Match.Local : Match.None;
                match |= Same(id, remote) ? Match.Remote : Match.None;
            }
        }

        // This end as the only ID: a default for any peer, beaten by anything more specific.
        return match == Match.Local && entry.Ids.Count == 1 ? match | Match.Default : match;
    }

    private static bool Counts(Match match, bool asymmetric) => match switch
    {
        Match.Local => asymmetric,
        Match.Default or Match.Any or (Match.Local | Match.Default) or (Match.Local | Match.Any) or (Match.Remote | Match.Any) or (Match.Local | Match.Remote) => true,
        _ => false,
    };

    private static bool Agree(SecretsEntry a, SecretsEntry b) =>
        a.Secret is not null && b.Secret is not null ? a.Secret.SameAs(b.Secret) : a.KeyReference == b.KeyReference;

    /// <summary>IDs are the same when their kind and value are; names compare without case, as DNS does.</summary>
    private static bool Same(IkeIdentity id, IkeIdentity? other) =>
        other is not null && id.Kind == other.Kind &&
        string.Equals(id.Value, other.Value, id.Kind is IkeIdentityKind.Fqdn or IkeIdentityKind.UserFqdn or IkeIdentityKind.HostName ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
