using System.Buffers.Binary;
using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The authentication half of IKE_AUTH (RFC 7296 §1.2, §2.15): IDi/IDr, CERT, CERTREQ and AUTH each way. Each side
/// proves itself with its certificate or the pre-shared key, and expects of the peer a certificate chaining to its
/// trusted CAs, or the key. Signatures are RFC 7427 Digital Signatures when the peer announced the hashes; towards a
/// peer that did not, an ECDSA key signs with the RFC 4754 method of its curve. From the peer we accept those, and
/// RSA Digital Signature (method 1) when <see cref="IkeSaOptions.AcceptRsaSha1Signature"/> allows it. A responder
/// that cannot verify the initiator answers AUTHENTICATION_FAILED and the IKE SA is gone.
/// </summary>
internal sealed class IkeAuthTask(IkeSa sa) : IIkeTask
{
    private IkeSaOptions Options => sa.Options;

    /// <summary>The Message ID of the IKE_AUTH request: IKE_AUTH_MID of RFC 9242 §3.3.2, after IKE_INTERMEDIATE exchanges.</summary>
    private uint _messageId;

    public void BuildRequest(List<IkePayload> request)
    {
        // The engine numbers the request after building it: it takes the next Message ID.
        _messageId = sa.NextRequestId;
        var id = Options.LocalIdentity.ToPayload(PayloadType.IdentificationInitiator);
        request.Add(id);
        if (Options.InitialContact)
        {
            request.Add(new NotifyPayload(NotifyMessageType.INITIAL_CONTACT, ReadOnlyMemory<byte>.Empty));
        }

        AddCertificates(request);
        if (Options.TrustedCertificateAuthorities is { } trusted)
        {
            request.Add(CertificateAuthentication.CertificateRequest(trusted));
        }

        if (Options.RemoteIdentity is { HasWildcards: false } remote)
        {
            request.Add(remote.ToPayload(PayloadType.IdentificationResponder));
        }

        request.Add(Authentication(sa.InitRequest, sa.NonceResponder, sa.Keys!.SK_pi, id));
        AddWindowSize(request);
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        if (response.Find<AuthenticationPayload>() is null && response.FindError() is { } error)
        {
            throw new IkeProtocolException(error.NotifyType, $"the peer refused IKE_AUTH with {error.NotifyType}");
        }

        Verify(response, PayloadType.IdentificationResponder, sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr);
        ReadWindowSize(response);
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        // RFC 9370 §2.2.2: IKE_AUTH comes only after every negotiated additional key exchange.
        if (sa.AdditionalKeyExchangesDone < sa.Algorithms!.AdditionalKeyExchanges.Count)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED,
                $"IKE_AUTH after {sa.AdditionalKeyExchangesDone} of the {sa.Algorithms.AdditionalKeyExchanges.Count} additional key exchanges negotiated");
        }

        ChooseOptions(request);

        // Before the IKE SA is up the window is one: the request being answered is the one expected.
        _messageId = sa.ExpectedRequestId;
        sa.PeerRequestedCertificate |= request.Find<CertificateRequestPayload>() is not null;
        sa.PeerSentInitialContact = request.FindNotify(NotifyMessageType.INITIAL_CONTACT) is not null;
        Verify(request, PayloadType.IdentificationInitiator, sa.InitRequest, sa.NonceResponder, sa.Keys!.SK_pi);
        ReadWindowSize(request);
    }

    public void BuildResponse(List<IkePayload> response)
    {
        var id = Options.LocalIdentity.ToPayload(PayloadType.IdentificationResponder);
        response.Add(id);
        AddCertificates(response);
        response.Add(Authentication(sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr, id));
        AddWindowSize(response);
    }

    /// <summary>A responder takes, from now on, the options of the connection that fits the peer's identity best.</summary>
    private void ChooseOptions(IReadOnlyList<IkePayload> request)
    {
        if (sa.ResponderCandidates is { } candidates
            && ResponderOptionsChoice.Choose(Options, candidates(), sa.ChosenIkeProposal, request) is { } chosen
            && chosen != Options)
        {
            var previous = Options;
            sa.Options = chosen;
            var peer = Identity.FromPayload(request.Require<IdentificationPayload>(PayloadType.IdentificationInitiator));
            sa.Report(new IkeSaOptionsSwitched(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, previous, chosen, peer));
        }
    }

    /// <summary>The peer's SET_WINDOW_SIZE (§2.3): how many of our requests it takes at once from now on.</summary>
    private void ReadWindowSize(IReadOnlyList<IkePayload> message)
    {
        if (message.FindNotify(NotifyMessageType.SET_WINDOW_SIZE) is { NotificationData.Length: 4 } window)
        {
            sa.PeerWindowSize = Math.Max(1, BinaryPrimitives.ReadUInt32BigEndian(window.NotificationData.Span));
        }
    }

    /// <summary>SET_WINDOW_SIZE (§2.3): the peer may send us that many requests before our first response.</summary>
    private void AddWindowSize(List<IkePayload> message)
    {
        if (Options.WindowSize > 1)
        {
            var size = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(size, (uint)Options.WindowSize);
            message.Add(new NotifyPayload(NotifyMessageType.SET_WINDOW_SIZE, size));
        }
    }

    private void AddCertificates(List<IkePayload> message)
    {
        var send = Options.SendCertificate switch
        {
            CertificateSendPolicy.Always => true,
            CertificateSendPolicy.IfAsked => sa.PeerRequestedCertificate,
            _ => false,
        };
        if (Options.Certificate is not null && send)
        {
            message.AddRange(CertificateAuthentication.CertificatePayloads(Options));
        }
    }

    private AuthenticationPayload Authentication(byte[] realMessage, byte[] peerNonce, ReadOnlySpan<byte> skP, IdentificationPayload id)
    {
        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id, sa.Intermediate.ForAuthentication(_messageId));
        if (Options.Certificate is { } certificate)
        {
            var peerHashes = Options.SignatureAuthentication ? sa.PeerSignatureHashes : [];
            using var key = CertificateAuthentication.PrivateKey(certificate);
            if (CertificateAuthentication.ChooseSignature(key, peerHashes) is { } algorithm)
            {
                return new AuthenticationPayload(AuthenticationMethod.DIGITAL_SIGNATURE, AuthenticationData.Sign(algorithm, key, octets));
            }

            // RFC 7427 §4: without the peer's SIGNATURE_HASH_ALGORITHMS (or a hash of them we can use), a classic method.
            return EcdsaAuthSignature.For(key) is { } classic
                ? new AuthenticationPayload(classic.Method, classic.Sign(key, octets))
                : throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, key is RSA
                    ? "the peer announced no RFC 7427 signature hash we can use, and we do not sign with RSA-SHA1 (method 1)"
                    : "the peer announced no RFC 7427 signature hash we can use, and our ECDSA key's curve has no RFC 4754 method");
        }

        return new AuthenticationPayload(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE,
            AuthenticationData.ComputeSharedKey(prf, Options.PreSharedKey.Span, octets));
    }

    private void Verify(IReadOnlyList<IkePayload> message, PayloadType idType, byte[] realMessage, byte[] peerNonce, ReadOnlySpan<byte> skP)
    {
        var id = message.Require<IdentificationPayload>(idType);
        var auth = message.Require<AuthenticationPayload>(PayloadType.Authentication);
        var peer = Identity.FromPayload(id);
        if (Options.RemoteIdentity is { } expected && !expected.Matches(peer))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"the peer is {peer}, not {expected}");
        }

        var signs = Options.TrustedCertificateAuthorities is not null;
        var classic = AuthenticationData.MethodSignature(auth.Method);
        if (signs ? auth.Method != AuthenticationMethod.DIGITAL_SIGNATURE && classic is null : auth.Method != AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED,
                $"{peer} used {auth.Method} where {(signs ? "a signature (DIGITAL_SIGNATURE, ECDSA or RSA)" : AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE)} was expected");
        }

        if (classic is RsaSha1AuthSignature && !Options.AcceptRsaSha1Signature)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} signed with RSA-SHA1 (method 1), which this connection does not accept");
        }

        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id, sa.Intermediate.ForAuthentication(_messageId));
        if (Options.TrustedCertificateAuthorities is { } trusted)
        {
            var (certificate, publicKey) = CertificateAuthentication.VerifyPeerCertificate(message, peer, trusted, Options.RequiredCertificateAuthority, sa.Time.GetUtcNow(), Options.PeerCertificates);
            var keyType = publicKey switch
            {
                RSA => SignatureKeyTypes.Rsa,
                ECDsa => SignatureKeyTypes.Ecdsa,
                _ => SignatureKeyTypes.None,
            };
            if ((keyType & Options.PeerSignatureKeys) == 0)
            {
                throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} signs with {(keyType == SignatureKeyTypes.None ? "an unsupported" : $"an {keyType.ToString().ToUpperInvariant()}")} key, where only {Options.PeerSignatureKeys.ToString().ToUpperInvariant()} keys are accepted");
            }

            var verified = publicKey is not null && (classic is null
                ? AuthenticationData.VerifySignature(publicKey, auth.AuthenticationData.Span, octets, out _)
                : classic.CanUse(publicKey) && classic.Verify(publicKey, octets, auth.AuthenticationData.Span));
            if (!verified)
            {
                throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"the signature of {peer} does not verify with its certificate {certificate.Subject}");
            }
        }
        else if (!AuthenticationData.VerifySharedKey(prf, Options.PreSharedKey.Span, octets, auth.AuthenticationData.Span))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} did not prove the pre-shared key");
        }

        sa.RemoteIdentity = peer;
    }
}
