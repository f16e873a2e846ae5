using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Rekeys the IKE SA with CREATE_CHILD_SA (RFC 7296 §1.3.2, §2.18): SA (with the sender's new IKE SPI), Nonce and
/// KE each way. The new SA's SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old SA's prf, its keys come
/// from prf+ of the new prf over Ni | Nr | SPIi | SPIr, the initiator of the rekey is its original initiator, and
/// the Child SAs move to it. Which new SA survives simultaneous rekeys (§2.8.2) the engine decides from
/// <see cref="LowestNonce"/>; a rekey of an SA that a rekey already replaced gets TEMPORARY_FAILURE (§2.25.2).
/// An INVALID_KE_PAYLOAD naming another method of our proposals is answered once with a new request using it (§1.3).
/// A chosen proposal with additional key exchanges (RFC 9370 §2.2.4) continues in one IKE_FOLLOWUP_KE exchange each
/// (<see cref="FollowupKeyExchanges"/>, exclusive as the rekey is), the new SA made after the last with
/// SKEYSEED = prf(SK_d (old), SK(0) | Ni | Nr | SK(1) | … | SK(n)). A colliding rekey whose exchange has the lowest
/// nonce has nothing to delete yet: its initiator stops before IKE_FOLLOWUP_KE, and while ours runs them a peer's
/// rekey gets TEMPORARY_FAILURE.
/// </summary>
internal sealed class IkeRekeyTask(IkeSa sa) : IIkeTask
{
    private const int NonceLength = 32;

    private readonly ulong _newSpi = IkeEngine.NewSpi();
    private KeyExchangeTransformId _method;
    private bool _retried;
    private IKeyExchange? _keyExchange;
    private byte[] _nonceInitiator = [];
    private byte[] _nonceResponder = [];
    private byte[] _keyExchangeData = [];
    private Proposal? _chosen;
    private NotifyPayload? _refusal;
    private readonly List<byte[]> _sharedSecrets = [];
    private FollowupKeyExchanges? _followups;

    /// <summary>Our IKE proposals; to a peer without IKE_INTERMEDIATE, and so without RFC 9370, without additional key exchanges, as in IKE_SA_INIT.</summary>
    private IReadOnlyList<Proposal> Configured =>
        sa.IntermediateSupported ? sa.Options.IkeProposals : ProposalSelection.WithoutAdditionalKeyExchanges(sa.Options.IkeProposals);

    /// <summary>The new IKE SA, once the exchange (and its IKE_FOLLOWUP_KE exchanges) succeeded; the engine takes it over.</summary>
    public IkeSa? NewSa { get; private set; }

    /// <summary>The CREATE_CHILD_SA is done and IKE_FOLLOWUP_KE exchanges are still to run (ours) or to come (the peer's).</summary>
    public bool FollowingUp => _followups?.Pending == true;

    /// <summary>The lower of the exchange's two nonces (byte-wise), once both are known.</summary>
    public byte[] LowestNonce => _nonceInitiator.AsSpan().SequenceCompareTo(_nonceResponder) <= 0 ? _nonceInitiator : _nonceResponder;

    public void BuildRequest(List<IkePayload> request)
    {
        _nonceInitiator = RandomNumberGenerator.GetBytes(NonceLength);
        // The method this SA already agreed on spares the peer an INVALID_KE_PAYLOAD.
        _method = _retried ? _method : sa.Algorithms!.KeyExchange;
        _keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
        request.Add(new SecurityAssociationPayload([.. Configured.Select(p => new Proposal(p.Number, SecurityProtocolId.IKE, SpiBytes(_newSpi), p.Transforms))]));
        request.Add(new NoncePayload(_nonceInitiator));
        request.Add(new KeyExchangePayload(_method, _keyExchange.CreateInitiatorData()));
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        using var keyExchange = _keyExchange!;
        if (response.Find<SecurityAssociationPayload>() is null)
        {
            if (!_retried && response.AsksForKeyExchange(out var wanted) && ProposalSelection.CanRetryWith(wanted, _method, Configured))
            {
                _retried = true;
                _method = wanted;
                return TaskOutcome.Retry;
            }

            var error = response.FindError();
            sa.Report(new IkeSaRekeyFailed(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, error?.NotifyType, $"the peer refused the rekey with {error?.NotifyType.ToString() ?? "no SA payload"}"));
            return TaskOutcome.Done;
        }

        var proposal = response.RequireSingleProposal();
        var ke = response.Require<KeyExchangePayload>(PayloadType.KeyExchange);
        if (proposal.Spi.Length != 8 || !ProposalSelection.IsOneOf(proposal, Configured)
            || !NegotiatedIkeAlgorithms.TryResolve(proposal, out var algorithms) || algorithms.KeyExchange != _method || ke.Method != _method)
        {
            sa.Report(new IkeSaRekeyFailed(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, NotifyMessageType.NO_PROPOSAL_CHOSEN,
                $"the peer chose {ProposalSelection.Describe(proposal)} with a {ke.Method} key exchange, which we did not offer"));
            return TaskOutcome.Done;
        }

        _nonceResponder = response.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray();
        _sharedSecrets.Add(keyExchange.ProcessResponderData(ke.KeyExchangeData.Span));
        var responderSpi = BinaryPrimitives.ReadUInt64BigEndian(proposal.Spi.Span);
        _followups = Followups(() => NewSa = Successor(originalInitiator: true, _newSpi, responderSpi, algorithms));
        if (algorithms.AdditionalKeyExchanges.Count > 0 && sa.CollidingRekey is { } theirs && LowestNonce.AsSpan().SequenceCompareTo(theirs.LowestNonce) < 0)
        {
            // The peer's rekey wins (§2.8.2), and ours made nothing to delete yet (RFC 9370 §2.2.4).
            _followups.Stop();
            return TaskOutcome.Done;
        }

        _followups.Start(algorithms.AdditionalKeyExchanges, response);
        return TaskOutcome.Done;
    }

    /// <summary>This rekey lost a collision (RFC 9370 §2.2.4): as its responder we stop awaiting its follow-ups, and its secrets go.</summary>
    public void Stop() => _followups?.Stop();

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        if (sa.Superseded || RekeyFollowingUp())
        {
            // Not a refusal of the peer's proposal: the SA is already on its way out, the peer retries on the new one.
            _refusal = new NotifyPayload(NotifyMessageType.TEMPORARY_FAILURE);
            return;
        }

        var offered = request.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals;
        var ke = request.Require<KeyExchangePayload>(PayloadType.KeyExchange);
        _nonceInitiator = request.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray();
        var chosen = ProposalSelection.SelectPreferring(ke.Method, offered, Configured);
        if (chosen is null || chosen.Spi.Length != 8 || !NegotiatedIkeAlgorithms.TryResolve(chosen, out var algorithms))
        {
            Refuse(new NotifyPayload(NotifyMessageType.NO_PROPOSAL_CHOSEN), ProposalSelection.DescribeMismatch(offered, Configured));
            return;
        }

        if (algorithms.KeyExchange != ke.Method)
        {
            var wanted = IkeProtocolException.InvalidKePayload(algorithms.KeyExchange);
            Refuse(new NotifyPayload(NotifyMessageType.INVALID_KE_PAYLOAD, wanted.NotificationData), wanted.Message);
            return;
        }

        _method = ke.Method;
        _nonceResponder = RandomNumberGenerator.GetBytes(NonceLength);
        using (var keyExchange = AlgorithmRegistry.CreateKeyExchange(_method))
        {
            _keyExchangeData = keyExchange.ProcessInitiatorData(ke.KeyExchangeData.Span, out var sharedSecret);
            _sharedSecrets.Add(sharedSecret);
        }

        _chosen = new Proposal(chosen.Number, SecurityProtocolId.IKE, SpiBytes(_newSpi), chosen.Transforms);
        var initiatorSpi = BinaryPrimitives.ReadUInt64BigEndian(chosen.Spi.Span);
        _followups = Followups(() => NewSa = Successor(originalInitiator: false, initiatorSpi, _newSpi, algorithms));
        _followups.Expect(algorithms.AdditionalKeyExchanges);
    }

    public void BuildResponse(List<IkePayload> response)
    {
        if (_refusal is not null)
        {
            response.Add(_refusal);
            return;
        }

        response.Add(new SecurityAssociationPayload([_chosen!]));
        response.Add(new NoncePayload(_nonceResponder));
        response.Add(new KeyExchangePayload(_method, _keyExchangeData));
        _followups!.AddLink(response);
    }

    /// <summary>Our own rekey of this SA is past its CREATE_CHILD_SA and runs its IKE_FOLLOWUP_KE exchanges (exclusive: nothing else is in flight).</summary>
    private bool RekeyFollowingUp() => sa.HasInFlight && sa.InFlight.Values.Any(p => p.Tasks.Any(t => t is FollowupKeTask { Continues: IkeRekeyTask }));

    private FollowupKeyExchanges Followups(Action finish) =>
        new(sa, this, _sharedSecrets, finish, (notify, reason) => sa.Report(new IkeSaRekeyFailed(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, notify, reason)), exclusive: true);

    private IkeSa Successor(bool originalInitiator, ulong initiatorSpi, ulong responderSpi, NegotiatedIkeAlgorithms algorithms)
    {
        var successor = new IkeSa(originalInitiator, initiatorSpi, responderSpi, sa.Local, sa.Remote, sa.Options, sa.Time)
        {
            InitiatedTo = originalInitiator ? sa.InitiatedTo ?? sa.Remote : null,
        };
        successor.Succeed(sa, algorithms, _nonceInitiator, _nonceResponder, _sharedSecrets);
        _followups!.ZeroSecrets();
        return successor;
    }

    private void Refuse(NotifyPayload refusal, string reason)
    {
        _refusal = refusal;
        sa.Report(new IkeSaRekeyFailed(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, refusal.NotifyType, reason));
    }

    private static byte[] SpiBytes(ulong spi)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, spi);
        return bytes;
    }
}
