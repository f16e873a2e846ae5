using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// IKE_SA_INIT (RFC 7296 §1.2): SA, KE and Nonce each way, then SKEYSEED and the SK_* keys.
/// The initiator starts with the key exchange method of its first proposal and retries once with the method an
/// INVALID_KE_PAYLOAD names (§1.3) or with a COOKIE (§2.6). NAT detection (§2.23), fragmentation support
/// (RFC 7383), the signature hashes we accept (RFC 7427 §4), childless IKE SAs (RFC 6023) and, when additional key
/// exchanges are configured, IKE_INTERMEDIATE (RFC 9242) are announced both ways.
/// </summary>
internal sealed class IkeInitTask(IkeSa sa) : IIkeTask
{
    private const int NonceLength = 32;

    private KeyExchangeTransformId _method = FirstKeyExchange(sa.Options.IkeProposals);
    private IKeyExchange? _keyExchange;
    private byte[]? _cookie;
    private Proposal? _chosen;
    private byte[] _initiatorKeyExchangeData = [];
    private byte[] _responderKeyExchangeData = [];

    public void BuildRequest(List<IkePayload> request)
    {
        // §2.6: the COOKIE notify comes first.
        if (_cookie is not null)
        {
            request.Add(new NotifyPayload(NotifyMessageType.COOKIE, _cookie));
        }

        // A retry with a COOKIE repeats every other payload unchanged (§2.6): the cookie covers Ni.
        // Only INVALID_KE_PAYLOAD calls for a new key exchange (and then a new nonce too).
        if (_keyExchange?.Method != _method)
        {
            _keyExchange?.Dispose();
            _keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
            _initiatorKeyExchangeData = _keyExchange.CreateInitiatorData();
            sa.NonceInitiator = RandomNumberGenerator.GetBytes(NonceLength);
        }

        request.Add(new SecurityAssociationPayload(sa.Options.IkeProposals));
        request.Add(new KeyExchangePayload(_method, _initiatorKeyExchangeData));
        request.Add(new NoncePayload(sa.NonceInitiator));
        NatDetection.AddNotifies(request, sa.InitiatorSpi, 0, sa.Local, sa.Remote);
        request.Add(new NotifyPayload(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED));
        if (sa.Options.SignatureAuthentication)
        {
            request.Add(CertificateAuthentication.SignatureHashAlgorithmsNotify());
        }

        request.Add(new NotifyPayload(NotifyMessageType.CHILDLESS_IKEV2_SUPPORTED));

        // RFC 9370 §2.2.1: additional key exchanges run in IKE_INTERMEDIATE, so offering them needs it.
        if (ProposalSelection.HasAdditionalKeyExchanges(sa.Options.IkeProposals))
        {
            request.Add(new NotifyPayload(NotifyMessageType.INTERMEDIATE_EXCHANGE_SUPPORTED));
        }
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        if (response.AsksForKeyExchange(out var wanted))
        {
            if (wanted == _method)
            {
                // We already moved to that method: this answers a retransmission of the first request, sent before
                // the peer's first INVALID_KE_PAYLOAD reached us.
                return TaskOutcome.Stale;
            }

            if (!ProposalSelection.CanRetryWith(wanted, _method, sa.Options.IkeProposals))
            {
                throw new IkeProtocolException(NotifyMessageType.INVALID_KE_PAYLOAD, $"the peer wants key exchange method {wanted}, which we did not offer");
            }

            _method = wanted;
            return TaskOutcome.Retry;
        }

        if (response.FindNotify(NotifyMessageType.COOKIE) is { } cookie && _cookie is null)
        {
            _cookie = cookie.NotificationData.ToArray();
            return TaskOutcome.Retry;
        }

        if (response.FindError() is { } error)
        {
            throw new IkeProtocolException(error.NotifyType, $"the peer refused IKE_SA_INIT with {error.NotifyType}");
        }

        var proposal = response.RequireSingleProposal();
        if (!ProposalSelection.IsOneOf(proposal, sa.Options.IkeProposals) || !NegotiatedIkeAlgorithms.TryResolve(proposal, out var algorithms))
        {
            throw new IkeProtocolException(NotifyMessageType.NO_PROPOSAL_CHOSEN, $"the peer chose {ProposalSelection.Describe(proposal)}, which we did not offer");
        }

        var ke = response.Require<KeyExchangePayload>(PayloadType.KeyExchange);
        if (ke.Method != _method || algorithms.KeyExchange != _method)
        {
            throw IkeProtocolException.InvalidSyntax($"the peer answered {_method} with {ke.Method}");
        }

        sa.NonceResponder = response.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray();
        sa.PeerRequestedCertificate = response.Find<CertificateRequestPayload>() is not null;
        NatDetection.Check(sa, response, sa.ResponderSpi);
        sa.PeerSignatureHashes = CertificateAuthentication.ReadSignatureHashAlgorithms(response);
        sa.FragmentationSupported = response.FindNotify(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED) is not null;
        sa.PeerSupportsChildless = response.FindNotify(NotifyMessageType.CHILDLESS_IKEV2_SUPPORTED) is not null;
        sa.IntermediateSupported = ProposalSelection.HasAdditionalKeyExchanges(sa.Options.IkeProposals)
            && response.FindNotify(NotifyMessageType.INTERMEDIATE_EXCHANGE_SUPPORTED) is not null;
        if (algorithms.AdditionalKeyExchanges.Count > 0 && !sa.IntermediateSupported)
        {
            throw new IkeProtocolException(NotifyMessageType.NO_PROPOSAL_CHOSEN, $"the peer chose additional key exchanges ({algorithms}) without IKE_INTERMEDIATE to run them in");
        }

        sa.Algorithms = algorithms;
        sa.DeriveKeys(_keyExchange!.ProcessResponderData(ke.KeyExchangeData.Span));
        _keyExchange.Dispose();
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var offered = request.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals;
        var ke = request.Require<KeyExchangePayload>(PayloadType.KeyExchange);
        var nonce = request.Require<NoncePayload>(PayloadType.Nonce);
        // Without IKE_INTERMEDIATE (RFC 9242 §3.1) there is nowhere to run additional key exchanges (RFC 9370 §2.2.1).
        var intermediate = request.FindNotify(NotifyMessageType.INTERMEDIATE_EXCHANGE_SUPPORTED) is not null;
        var configured = intermediate ? sa.Options.IkeProposals : ProposalSelection.WithoutAdditionalKeyExchanges(sa.Options.IkeProposals);

        var chosen = ProposalSelection.SelectPreferring(ke.Method, offered, configured);
        if (chosen is null || !NegotiatedIkeAlgorithms.TryResolve(chosen, out var algorithms))
        {
            throw new IkeProtocolException(NotifyMessageType.NO_PROPOSAL_CHOSEN, ProposalSelection.DescribeMismatch(offered, configured));
        }

        if (algorithms.KeyExchange != ke.Method)
        {
            throw IkeProtocolException.InvalidKePayload(algorithms.KeyExchange);
        }

        using (var keyExchange = AlgorithmRegistry.CreateKeyExchange(ke.Method))
        {
            _responderKeyExchangeData = keyExchange.ProcessInitiatorData(ke.KeyExchangeData.Span, out var sharedSecret);
            _chosen = chosen;
            sa.ChosenIkeProposal = chosen;
            _method = ke.Method;
            sa.NonceInitiator = nonce.NonceData.ToArray();
            sa.NonceResponder = RandomNumberGenerator.GetBytes(NonceLength);
            NatDetection.Check(sa, request, 0);
            sa.PeerSignatureHashes = CertificateAuthentication.ReadSignatureHashAlgorithms(request);
            sa.FragmentationSupported = request.FindNotify(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED) is not null;
            sa.PeerSupportsChildless = request.FindNotify(NotifyMessageType.CHILDLESS_IKEV2_SUPPORTED) is not null;
            sa.IntermediateSupported = intermediate;
            sa.Algorithms = algorithms;
            sa.DeriveKeys(sharedSecret);
        }
    }

    public void BuildResponse(List<IkePayload> response)
    {
        response.Add(new SecurityAssociationPayload([_chosen!]));
        response.Add(new KeyExchangePayload(_method, _responderKeyExchangeData));
        response.Add(new NoncePayload(sa.NonceResponder));
        NatDetection.AddNotifies(response, sa.InitiatorSpi, sa.ResponderSpi, sa.Local, sa.Remote);
        if (sa.FragmentationSupported)
        {
            response.Add(new NotifyPayload(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED));
        }

        // The responder's CERTREQ belongs here (RFC 7296 §1.2): initiators that send certificates only when asked
        // (strongSwan's default) send theirs in IKE_AUTH.
        if (sa.Options.TrustedCertificateAuthorities is { } trusted)
        {
            response.Add(CertificateAuthentication.CertificateRequest(trusted));
        }

        if (sa.Options.SignatureAuthentication)
        {
            response.Add(CertificateAuthentication.SignatureHashAlgorithmsNotify());
        }

        // We always accept an IKE_AUTH without a Child SA (RFC 6023 §3).
        response.Add(new NotifyPayload(NotifyMessageType.CHILDLESS_IKEV2_SUPPORTED));
        if (sa.IntermediateSupported)
        {
            response.Add(new NotifyPayload(NotifyMessageType.INTERMEDIATE_EXCHANGE_SUPPORTED));
        }
    }

    private static KeyExchangeTransformId FirstKeyExchange(IReadOnlyList<Proposal> proposals) =>
        proposals.SelectMany(p => p.Transforms).Where(t => t.Type == TransformType.KeyExchange)
            .Select(t => (KeyExchangeTransformId)t.Id).FirstOrDefault(KeyExchangeTransformId.NONE);
}
