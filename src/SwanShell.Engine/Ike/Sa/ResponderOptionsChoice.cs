namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// A responder chooses its connection by the peer's address at IKE_SA_INIT, before it knows who the peer is; at
/// IKE_AUTH, before AUTH is checked, it moves to the candidate that fits the peer best, as libreswan and strongSwan
/// do, so that road warriors of one address range (right=%any) each get their own conn, secret and traffic. A
/// candidate fits when it expects the peer's IDi (exactly, by a distinguished-name pattern, or any ID), the kind of
/// AUTH the peer sent (a PSK or a signature), and the IKE proposal already chosen; among those an exact ID beats a
/// pattern, which beats any, and then one whose own ID is the IDr the peer asked for. Ties keep the earlier
/// candidate, the current options first.
/// </summary>
internal static class ResponderOptionsChoice
{
    /// <summary>The best fitting options, or null when none fits (the current ones then refuse the peer as usual).</summary>
    public static IkeSaOptions? Choose(IkeSaOptions current, IEnumerable<IkeSaOptions> candidates, Proposal? chosenIkeProposal, IReadOnlyList<IkePayload> request)
    {
        if (request.Find<IdentificationPayload>(PayloadType.IdentificationInitiator) is not { } idi
            || request.Find<AuthenticationPayload>() is not { } auth)
        {
            return null;
        }

        var peer = Identity.FromPayload(idi);
        var asked = request.Find<IdentificationPayload>(PayloadType.IdentificationResponder) is { } idr ? Identity.FromPayload(idr) : null;
        var signed = auth.Method != AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE;
        IkeSaOptions? best = null;
        var bestScore = -1;
        foreach (var candidate in candidates.Prepend(current))
        {
            var score = Score(candidate, peer, asked, signed, chosenIkeProposal);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
                if (score == MaxScore)
                {
                    break;
                }
            }
        }

        return best;
    }

    private const int MaxScore = 5;

    /// <summary>-1 when the candidate cannot take the peer; else 2 × how closely it names the peer, plus 1 when its ID is the IDr asked for.</summary>
    private static int Score(IkeSaOptions candidate, Identity peer, Identity? asked, bool signed, Proposal? chosenIkeProposal)
    {
        var expectsSignature = candidate.TrustedCertificateAuthorities is not null;
        if (expectsSignature != signed || (chosenIkeProposal is not null && !ProposalSelection.IsOneOf(chosenIkeProposal, candidate.IkeProposals)))
        {
            return -1;
        }

        var byPeer = candidate.RemoteIdentity switch
        {
            null => 0,
            { HasWildcards: true } pattern when pattern.Matches(peer) => 1,
            { } exact when exact.Matches(peer) => 2,
            _ => -1,
        };
        if (byPeer < 0)
        {
            return -1;
        }

        return (2 * byPeer) + (asked is null || asked.Equals(candidate.LocalIdentity) ? 1 : 0);
    }
}
