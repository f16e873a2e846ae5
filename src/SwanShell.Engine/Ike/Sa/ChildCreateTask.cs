using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The Child SA half of IKE_AUTH (RFC 7296 §1.2, §2.9, §2.17): SA, TSi and TSr each way, keys from
/// KEYMAT = prf+(SK_d, Ni | Nr). A refused Child SA (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE) leaves the IKE SA up.
/// </summary>
internal sealed class ChildCreateTask(IkeSa sa) : IIkeTask
{
    private uint _localSpi;
    private Proposal? _chosen;
    private IReadOnlyList<TrafficSelector> _initiatorSelectors = [];
    private IReadOnlyList<TrafficSelector> _responderSelectors = [];
    private NotifyMessageType? _refusal;

    public void BuildRequest(List<IkePayload> request)
    {
        _localSpi = NewSpi();
        request.Add(new SecurityAssociationPayload([.. sa.Options.ChildProposals.Select(p => new Proposal(p.Number, SecurityProtocolId.ESP, SpiBytes(_localSpi), p.Transforms))]));
        request.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorInitiator, sa.Options.LocalTrafficSelectors));
        request.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder, sa.Options.RemoteTrafficSelectors));
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        if (response.Find<SecurityAssociationPayload>() is null)
        {
            var error = response.FindError();
            sa.ChildSaFailed(error?.NotifyType, $"the peer refused the Child SA with {error?.NotifyType.ToString() ?? "no SA payload"}");
            return TaskOutcome.Done;
        }

        var proposal = IkeInitTask.SingleProposal(response);
        var local = response.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator).Selectors;
        var remote = response.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder).Selectors;
        if (proposal.Spi.Length != 4 || !IkeInitTask.IsOneOf(proposal, sa.Options.ChildProposals) || !TryGetKeyLengths(proposal, out var encryptionLength, out var integrityLength))
        {
            sa.ChildSaFailed(NotifyMessageType.NO_PROPOSAL_CHOSEN, $"the peer chose {ProposalSelection.Describe(proposal)}, which we did not offer");
            return TaskOutcome.Done;
        }

        if (!TrafficSelectorNarrowing.IsWithin(local, sa.Options.LocalTrafficSelectors) || !TrafficSelectorNarrowing.IsWithin(remote, sa.Options.RemoteTrafficSelectors))
        {
            sa.ChildSaFailed(NotifyMessageType.TS_UNACCEPTABLE, "the peer answered with traffic selectors wider than we proposed");
            return TaskOutcome.Done;
        }

        var keys = DeriveKeys(encryptionLength, integrityLength);
        sa.AddChildSa(new ChildSa(true, _localSpi, BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi.Span), proposal, keys, local, remote, sa.NatDetected));
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var offered = request.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals;
        var initiatorSelectors = request.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator).Selectors;
        var responderSelectors = request.Require<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder).Selectors;
        var chosen = ProposalSelection.Select(offered, sa.Options.ChildProposals);
        if (chosen is null || chosen.Spi.Length != 4 || !TryGetKeyLengths(chosen, out var encryptionLength, out var integrityLength))
        {
            Refuse(NotifyMessageType.NO_PROPOSAL_CHOSEN, ProposalSelection.DescribeMismatch(offered, sa.Options.ChildProposals));
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

        _localSpi = NewSpi();
        _chosen = new Proposal(chosen.Number, SecurityProtocolId.ESP, SpiBytes(_localSpi), chosen.Transforms);
        var keys = DeriveKeys(encryptionLength, integrityLength);
        sa.AddChildSa(new ChildSa(false, _localSpi, BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi.Span), _chosen, keys, _responderSelectors, _initiatorSelectors, sa.NatDetected));
    }

    public void BuildResponse(List<IkePayload> response)
    {
        if (_refusal is { } refusal)
        {
            response.Add(new NotifyPayload(refusal));
            return;
        }

        response.Add(new SecurityAssociationPayload([_chosen!]));
        response.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorInitiator, _initiatorSelectors));
        response.Add(new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder, _responderSelectors));
    }

    private void Refuse(NotifyMessageType notify, string reason)
    {
        _refusal = notify;
        sa.ChildSaFailed(notify, reason);
    }

    private ChildSaKeys DeriveKeys(int encryptionLength, int integrityLength) =>
        IkeKeyDerivation.DeriveChildSaKeys(sa.Algorithms!.Prf, sa.Keys!.SK_d, [], sa.NonceInitiator, sa.NonceResponder, encryptionLength, integrityLength);

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

    /// <summary>A random SPI for now; the kernel back end will allocate them (XFRM_MSG_ALLOCSPI) once it exists.</summary>
    private static uint NewSpi()
    {
        uint spi;
        do
        {
            spi = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        }
        while (spi < 256); // SPIs 1-255 are reserved by IANA (RFC 4303 §2.1)

        return spi;
    }

    private static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }
}
