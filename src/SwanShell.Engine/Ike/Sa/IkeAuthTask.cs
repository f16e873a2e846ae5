using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The authentication half of IKE_AUTH (RFC 7296 §1.2, §2.15) with a pre-shared key: IDi/IDr and AUTH each way.
/// A responder that cannot verify the initiator answers AUTHENTICATION_FAILED and the IKE SA is gone.
/// </summary>
internal sealed class IkeAuthTask(IkeSa sa) : IIkeTask
{
    public void BuildRequest(List<IkePayload> request)
    {
        var id = sa.Options.LocalIdentity.ToPayload(PayloadType.IdentificationInitiator);
        request.Add(id);
        if (sa.Options.RemoteIdentity is { } remote)
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

    public void ProcessRequest(IReadOnlyList<IkePayload> request) =>
        Verify(request, PayloadType.IdentificationInitiator, sa.InitRequest, sa.NonceResponder, sa.Keys!.SK_pi);

    public void BuildResponse(List<IkePayload> response)
    {
        var id = sa.Options.LocalIdentity.ToPayload(PayloadType.IdentificationResponder);
        response.Add(id);
        response.Add(Authentication(sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr, id));
    }

    private AuthenticationPayload Authentication(byte[] realMessage, byte[] peerNonce, ReadOnlySpan<byte> skP, IdentificationPayload id)
    {
        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id);
        return new AuthenticationPayload(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE,
            AuthenticationData.ComputeSharedKey(prf, sa.Options.PreSharedKey.Span, octets));
    }

    private void Verify(IReadOnlyList<IkePayload> message, PayloadType idType, byte[] realMessage, byte[] peerNonce, ReadOnlySpan<byte> skP)
    {
        var id = message.Require<IdentificationPayload>(idType);
        var auth = message.Require<AuthenticationPayload>(PayloadType.Authentication);
        var peer = Identity.FromPayload(id);
        if (sa.Options.RemoteIdentity is { } expected && !expected.Equals(peer))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"the peer is {peer}, not {expected}");
        }

        if (auth.Method != AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE)
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} used {auth.Method} where a pre-shared key was expected");
        }

        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, id);
        if (!AuthenticationData.VerifySharedKey(prf, sa.Options.PreSharedKey.Span, octets, auth.AuthenticationData.Span))
        {
            throw new IkeProtocolException(NotifyMessageType.AUTHENTICATION_FAILED, $"{peer} did not prove the pre-shared key");
        }

        sa.RemoteIdentity = peer;
    }
}
