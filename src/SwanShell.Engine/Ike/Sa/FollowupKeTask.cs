namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// One IKE_FOLLOWUP_KE exchange (RFC 9370 §2.2.4): the next additional key exchange of a CREATE_CHILD_SA that chose
/// some, KE and the ADDITIONAL_KEY_EXCHANGE notify (the responder's link) each way. The
/// <see cref="FollowupKeyExchanges"/> of the Child SA or IKE SA rekey exchange it continues hold the state; a
/// responder that awaits no exchange under the link answers STATE_NOT_FOUND.
/// </summary>
internal sealed class FollowupKeTask(IkeSa sa, FollowupKeyExchanges? followups = null) : IIkeTask
{
    private FollowupKeyExchanges? _followups = followups;

    /// <summary>The Child SA or IKE SA rekey exchange this one continues; null until a responder found it.</summary>
    public IIkeTask? Continues => _followups?.Continues;

    public void BuildRequest(List<IkePayload> request) => _followups!.BuildRequest(request);

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        _followups!.ProcessResponse(response);
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var link = request.FindNotify(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE)
            ?? throw IkeProtocolException.InvalidSyntax("IKE_FOLLOWUP_KE without an ADDITIONAL_KEY_EXCHANGE notify");
        _followups = FollowupKeyExchanges.Continued(sa, link.NotificationData.Span)
            ?? throw new IkeProtocolException(NotifyMessageType.STATE_NOT_FOUND, "IKE_FOLLOWUP_KE for no exchange that awaits one");
        _followups.ProcessRequest(request.Find<KeyExchangePayload>());
    }

    public void BuildResponse(List<IkePayload> response) => _followups!.BuildResponse(response);
}
