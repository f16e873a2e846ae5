using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The authentication half of IKE_AUTH (RFC 7296 §1.2, §2.15): IDi/IDr, CERT, CERTREQ and AUTH each way. Each side
/// proves itself with its certificate (RFC 7427 Digital Signature) or the pre-shared key, and expects of the peer a
/// certificate chaining to its trusted CAs, or the key. A responder that cannot verify the initiator answers
/// AUTHENTICATION_FAILED and the IKE SA is gone.
/// </summary>
internal sealed class IkeAuthTask(IkeSa sa) : IIkeTask
{
    private IkeSaOptions Options => sa.Options;

    public void BuildRequest(List<IkePayload> request)
    {
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
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        if (response.Find<AuthenticationPayload>() is null && response.FindError() is { } error)
        {
            throw new IkeProtocolException(error.NotifyType, $"the peer refused IKE_AUTH with {error.NotifyType}");
        }

        Verify(response, PayloadType.IdentificationResponder, sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr);
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        sa.PeerRequestedCertificate |= request.Find<CertificateRequestPayload>() is not null;
        sa.PeerSentInitialContact = request.FindNotify(NotifyMessageType.INITIAL_CONTACT) is not null;
        Verify(request, PayloadType.IdentificationInitiator, sa.InitRequest, sa.NonceResponder, sa.Keys!.SK_pi);
    }

    public void BuildResponse(List<IkePayload> response)
    {
        var id = Options.LocalIdentity.ToPayload(PayloadType.IdentificationResponder);
        response.Add(id);
        AddCertificates(response);
        response.Add(Authentication(sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr, id));
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
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id);
        if (Options.Certificate is { } certificate)
        {
            var algorithm = CertificateAuthentication.ChooseSignature(certificate, sa.PeerSignatureHashes);
            using var key = CertificateAuthentication.PrivateKey(certificate);
            return new AuthenticationPayload(AuthenticationMethod.DIGITAL_SIGNATURE, AuthenticationData.Sign(algorithm, key, octets));
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

        var expectedMethod = Options.TrustedCertificateAuthorities is null ? AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE : AuthenticationMethod.DIGITAL_SIGNATURE;
        if (auth.Method != expectedMethod)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} used {auth.Method} where {expectedMethod} was expected");
        }

        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id);
        if (Options.TrustedCertificateAuthorities is { } trusted)
        {
            using var certificate = CertificateAuthentication.VerifyPeerCertificate(message, peer, trusted, Options.RequiredCertificateAuthority, sa.Time.GetUtcNow());
            using var publicKey = CertificateAuthentication.PublicKey(certificate);
            var keyType = publicKey switch
            {
                System.Security.Cryptography.RSA => SignatureKeyTypes.Rsa,
                System.Security.Cryptography.ECDsa => SignatureKeyTypes.Ecdsa,
                _ => SignatureKeyTypes.None,
            };
            if ((keyType & Options.PeerSignatureKeys) == 0)
            {
                throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} signs with {(keyType == SignatureKeyTypes.None ? "an unsupported" : $"an {keyType.ToString().ToUpperInvariant()}")} key, where only {Options.PeerSignatureKeys.ToString().ToUpperInvariant()} keys are accepted");
            }

            if (publicKey is null || !AuthenticationData.VerifySignature(publicKey, auth.AuthenticationData.Span, octets, out _))
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
