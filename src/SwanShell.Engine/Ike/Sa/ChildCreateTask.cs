using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Creates a Child SA: SA, TSi and TSr each way (RFC 7296 §2.9 narrowing). In IKE_AUTH (§1.2) it takes the
/// IKE_SA_INIT nonces and no key exchange of its own. In CREATE_CHILD_SA (§1.3.1) it brings fresh nonces, a KE
/// payload when the proposal asks for PFS, and when rekeying (§1.3.3) a REKEY_SA notify naming the SA it replaces;
/// KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (§2.17). An INVALID_KE_PAYLOAD naming another method we offered is
/// answered once with a new request with that method (§1.3), as strongSwan does. A refused Child SA
/// (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, INVALID_KE_PAYLOAD, CHILD_SA_NOT_FOUND) leaves the IKE SA up.
/// A chosen proposal with additional key exchanges (RFC 9370 §2.2.4) continues in one IKE_FOLLOWUP_KE exchange each
/// (<see cref="FollowupKeTask"/>), linked by the responder's ADDITIONAL_KEY_EXCHANGE notify; the Child SA is made
/// after the last, with KEYMAT = prf+(SK_d, g^ir (new) | SK(1) | … | SK(n) | Ni | Nr).
/// </summary>
internal sealed class ChildCreateTask(IkeSa sa, ExchangeType exchange, ChildSa? rekeyed = null) : IIkeTask
{
    private const int NonceLength = 32;

    private ChildSa? _rekeyed = rekeyed;
    private uint _localSpi;
    private byte[] _nonceInitiator = [];
    private byte[] _nonceResponder = [];
    private KeyExchangeTransformId _method;
    private bool _retried;
    private IKeyExchange? _keyExchange;
    private byte[] _keyExchangeData = [];
    private readonly List<byte[]> _sharedSecrets = [];

    /// <summary>The additional key exchanges, once the proposal is chosen; the last makes the Child SA.</summary>
    private FollowupKeyExchanges? _followups;
    private Proposal? _chosen;
    private IReadOnlyList<TrafficSelector> _initiatorSelectors = [];
    private IReadOnlyList<TrafficSelector> _responderSelectors = [];
    private NotifyPayload? _refusal;

    private bool InIkeAuth => exchange == ExchangeType.IKE_AUTH;

    /// <summary>
    /// Our proposals; in IKE_AUTH without key exchange transforms, since no KE happens there; later, with the IKE SA's
    /// group where a proposal names none and PFS asks for one, and with their additional key exchanges.
    /// </summary>
    private IReadOnlyList<Proposal> Configured =>
        InIkeAuth ? [.. sa.Options.ChildProposals.Select(ProposalSelection.WithoutKeyExchange)]
        : sa.Options.ChildPfsWithIkeGroup && sa.Algorithms?.KeyExchange is { } group
            ? [.. sa.Options.ChildProposals.Select(p => ProposalSelection.KeyExchangeOf(p) == KeyExchangeTransformId.NONE
                ? new Proposal(p.Number, p.ProtocolId, p.Spi, [.. p.Transforms, Transform.KeyExchange(group)])
                : p)]
            : sa.Options.ChildProposals;

    public void BuildRequest(List<IkePayload> request)
    {
        // A retry after INVALID_KE_PAYLOAD keeps the SPI it already announced.
        _localSpi = _localSpi == 0 ? NewSpi() : _localSpi;
        if (_rekeyed is not null)
        {
            // The SPI we receive on, as in a Delete (§3.10, §3.11).
            request.Add(new NotifyPayload(SecurityProtocolId.ESP, SpiBytes(_rekeyed.InboundSpi), NotifyMessageType.REKEY_SA, ReadOnlyMemory<byte>.Empty));
        }

        request.Add(new SecurityAssociationPayload([.. Configured.Select(p => new Proposal(p.Number, SecurityProtocolId.ESP, SpiBytes(_localSpi), p.Transforms))]));
        if (InIkeAuth)
        {
            _nonceInitiator = sa.NonceInitiator;
            _nonceResponder = sa.NonceResponder;
        }
        else
        {
            _nonceInitiator = RandomNumberGenerator.GetBytes(NonceLength);
            request.Add(new NoncePayload(_nonceInitiator));
            _method = _retried ? _method : Configured.Select(ProposalSelection.KeyExchangeOf).FirstOrDefault(KeyExchangeTransformId.NONE);
            if (_method != KeyExchangeTransformId.NONE)
            {
                _keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
                request.Add(new KeyExchangePayload(_method, _keyExchange.CreateInitiatorData()));
            }
        }

        request.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorInitiator, sa.Options.LocalTrafficSelectors));
        request.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder, sa.Options.RemoteTrafficSelectors));
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        using var keyExchange = _keyExchange;
        if (response.Find<SecurityAssociationPayload>() is null)
        {
            if (!InIkeAuth && !_retried && response.AsksForKeyExchange(out var wanted) && ProposalSelection.CanRetryWith(wanted, _method, Configured))
            {
                // Same proposals, a fresh nonce and a KE payload of the method the responder prefers.
                _retried = true;
                _method = wanted;
                return TaskOutcome.Retry;
            }

            var error = response.FindError();
            sa.ChildSaFailed(error?.NotifyType, $"the peer refused the Child SA with {error?.NotifyType.ToString() ?? "no SA payload"}");
            return TaskOutcome.Done;
        }

        var proposal = response.RequireSingleProposal();
        var local = response.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator).Selectors;
        var remote = response.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder).Selectors;
        if (proposal.Spi.Length != 4 || !ProposalSelection.IsOneOf(proposal, Configured) || !TryGetKeyLengths(proposal, out var encryptionLength, out var integrityLength))
        {
            sa.ChildSaFailed(NotifyMessageType.NO_PROPOSAL_CHOSEN, $"the peer chose {ProposalSelection.Describe(proposal)}, which we did not offer");
            return TaskOutcome.Done;
        }

        if (!TrafficSelectorNarrowing.IsWithin(local, sa.Options.LocalTrafficSelectors) || !TrafficSelectorNarrowing.IsWithin(remote, sa.Options.RemoteTrafficSelectors))
        {
            sa.ChildSaFailed(NotifyMessageType.TS_UNACCEPTABLE, "the peer answered with traffic selectors wider than we proposed");
            return TaskOutcome.Done;
        }

        if (!InIkeAuth)
        {
            _nonceResponder = response.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray();
            var chosenMethod = ProposalSelection.KeyExchangeOf(proposal);
            if (chosenMethod != _method && chosenMethod != KeyExchangeTransformId.NONE)
            {
                sa.ChildSaFailed(NotifyMessageType.INVALID_KE_PAYLOAD, $"the peer chose {chosenMethod} where we sent {_method}");
                return TaskOutcome.Done;
            }

            // NONE, which we offered too (IsOneOf above), means no PFS: our KE payload goes unused (§1.3).
            if (keyExchange is not null && chosenMethod != KeyExchangeTransformId.NONE)
            {
                var ke = response.Require<KeyExchangePayload>(PayloadType.KeyExchange);
                if (ke.Method != _method)
                {
                    throw IkeProtocolException.InvalidSyntax($"the peer answered {_method} with {ke.Method}");
                }

                _sharedSecrets.Add(keyExchange.ProcessResponderData(ke.KeyExchangeData.Span));
            }
        }

        var peerSpi = BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span);
        _followups = Followups(() => Complete(new ChildSa(true, _localSpi, peerSpi, proposal, DeriveKeys(encryptionLength, integrityLength), local, remote, sa.NatDetected)));
        _followups.Start(InIkeAuth ? [] : ProposalSelection.AdditionalKeyExchangesOf(proposal), response);
        return TaskOutcome.Done;
    }

    /// <summary>The follow-ups of this exchange, which make the Child SA with <paramref name="finish"/> after the last.</summary>
    private FollowupKeyExchanges Followups(Action finish) =>
        new(sa, this, _sharedSecrets, finish, (notify, reason) => sa.ChildSaFailed(notify, reason));

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var offered = request.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals;
        var initiatorSelectors = request.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator).Selectors;
        var responderSelectors = request.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder).Selectors;
        var ke = request.Find<KeyExchangePayload>();
        if (InIkeAuth)
        {
            offered = [.. offered.Select(ProposalSelection.WithoutKeyExchange)];
            _nonceInitiator = sa.NonceInitiator;
            _nonceResponder = sa.NonceResponder;
        }
        else
        {
            _nonceInitiator = request.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray();
            _nonceResponder = RandomNumberGenerator.GetBytes(NonceLength);
            if (request.FindNotify(NotifyMessageType.REKEY_SA) is { } rekey)
            {
                var spi = rekey.Spi.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi.Span) : 0;
                _rekeyed = sa.ChildSas.FirstOrDefault(c => c.OutboundSpi == spi);
                if (_rekeyed is null)
                {
                    Refuse(NotifyMessageType.CHILD_SA_NOT_FOUND, $"no Child SA with SPI {spi:x8} to rekey");
                    return;
                }
            }
        }

        var chosen = ProposalSelection.SelectPreferring(ke?.Method ?? KeyExchangeTransformId.NONE, offered, Configured);
        if (chosen is null || chosen.Spi.Length != 4 || !TryGetKeyLengths(chosen, out var encryptionLength, out var integrityLength))
        {
            Refuse(NotifyMessageType.NO_PROPOSAL_CHOSEN, ProposalSelection.DescribeMismatch(offered, Configured));
            return;
        }

        // §1.3: a KE of another group than the chosen proposal's is refused; choosing NONE (no PFS) is not.
        _method = ProposalSelection.KeyExchangeOf(chosen);
        if (_method != KeyExchangeTransformId.NONE && _method != (ke?.Method ?? KeyExchangeTransformId.NONE))
        {
            var wanted = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(wanted, (ushort)_method);
            Refuse(NotifyMessageType.INVALID_KE_PAYLOAD, $"the Child SA needs key exchange method {_method}", wanted);
            return;
        }

        // TSi is the initiator's side, our remote; TSr ours.
        _initiatorSelectors = TrafficSelectorNarrowing.Narrow(initiatorSelectors, sa.Options.RemoteTrafficSelectors);
        _responderSelectors = TrafficSelectorNarrowing.Narrow(responderSelectors, sa.Options.LocalTrafficSelectors);
        if (_initiatorSelectors.Count == 0 || _responderSelectors.Count == 0)
        {
            Refuse(NotifyMessageType.TS_UNACCEPTABLE,
                $"no overlap between TSi {string.Join(",", initiatorSelectors)} / TSr {string.Join(",", responderSelectors)} and our policy");
            return;
        }

        if (ke is not null && _method != KeyExchangeTransformId.NONE)
        {
            using var keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
            _keyExchangeData = keyExchange.ProcessInitiatorData(ke.KeyExchangeData.Span, out var sharedSecret);
            _sharedSecrets.Add(sharedSecret);
        }

        _localSpi = NewSpi();
        _chosen = new Proposal(chosen.Number, SecurityProtocolId.ESP, SpiBytes(_localSpi), chosen.Transforms);
        var peerSpi = BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi.Span);
        var proposal = _chosen;
        _followups = Followups(() => Complete(new ChildSa(false, _localSpi, peerSpi, proposal, DeriveKeys(encryptionLength, integrityLength), _responderSelectors, _initiatorSelectors, sa.NatDetected)));
        _followups.Expect(InIkeAuth ? [] : ProposalSelection.AdditionalKeyExchangesOf(chosen));
    }

    public void BuildResponse(List<IkePayload> response)
    {
        if (_refusal is not null)
        {
            response.Add(_refusal);
            return;
        }

        response.Add(new SecurityAssociationPayload([_chosen!]));
        if (!InIkeAuth)
        {
            response.Add(new NoncePayload(_nonceResponder));
            if (_method != KeyExchangeTransformId.NONE)
            {
                response.Add(new KeyExchangePayload(_method, _keyExchangeData));
            }

            _followups!.AddLink(response);
        }

        response.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorInitiator, _initiatorSelectors));
        response.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder, _responderSelectors));
    }

    /// <summary>
    /// Installs the new Child SA. A rekey initiator then deletes the SA it replaced (§2.8); the responder keeps
    /// the old one until that Delete arrives, so traffic in flight is not lost. When both sides rekeyed the same
    /// SA at once, the replacement made by the exchange with the lowest of the four nonces is redundant and its
    /// initiator deletes it too (§2.8.1).
    /// </summary>
    private void Complete(ChildSa childSa)
    {
        _followups!.ZeroSecrets();
        sa.AddChildSa(childSa, _rekeyed);
        var lowestNonce = Lowest(_nonceInitiator, _nonceResponder);
        if (_rekeyed is not { } old)
        {
            return;
        }

        if (!childSa.IsInitiator)
        {
            sa.RekeyedByPeer[old] = lowestNonce;
            return;
        }

        List<ChildSa> delete = [old];
        if (sa.RekeyedByPeer.Remove(old, out var theirs) && lowestNonce.AsSpan().SequenceCompareTo(theirs) < 0)
        {
            delete.Add(childSa);
        }

        sa.Queued.Enqueue(new QueuedExchange(ExchangeType.INFORMATIONAL, () => [new InformationalTask(sa, deleteChildSas: delete)]));
    }

    private static byte[] Lowest(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b) <= 0 ? a : b;

    private void Refuse(NotifyMessageType notify, string reason, byte[]? data = null)
    {
        _refusal = new NotifyPayload(notify, data ?? ReadOnlyMemory<byte>.Empty);
        sa.ChildSaFailed(notify, reason);
    }

    private ChildSaKeys DeriveKeys(int encryptionLength, int integrityLength) =>
        IkeKeyDerivation.DeriveChildSaKeys(sa.Algorithms!.Prf, sa.Keys!.SK_d, _sharedSecrets, _nonceInitiator, _nonceResponder, encryptionLength, integrityLength);

    /// <summary>KEYMAT lengths of an ESP proposal's encryption and integrity keys; false if we cannot do it.</summary>
    private static bool TryGetKeyLengths(Proposal proposal, out int encryptionLength, out int integrityLength)
    {
        encryptionLength = integrityLength = 0;
        var encryption = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.Encryption);
        var integrity = proposal.Transforms.SingleOrDefault(t => t.Type == TransformType.Integrity);
        if (encryption is null || !AlgorithmRegistry.TryGetEncryption((EncryptionTransformId)encryption.Id, encryption.KeyLength ?? 0, out var cipher))
        {
            return false;
        }

        encryptionLength = cipher.KeyMaterialLength;
        if (integrity is not null)
        {
            if (!AlgorithmRegistry.TryGetIntegrity((IntegrityTransformId)integrity.Id, out var mac))
            {
                return false;
            }

            integrityLength = mac.KeyLength;
        }

        return (cipher is IAeadAlgorithm) == (integrity is null);
    }

    /// <summary>The SPI we receive the Child SA on: reserved in the kernel when the options say how, else random.</summary>
    private uint NewSpi() => sa.Options.AllocateChildSpi?.Invoke(sa.Remote.Address, sa.Local.Address) ?? RandomSpi.Next();

    private static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }
}
