namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// One IKE_FOLLOWUP_KE exchange (RFC 9370 §2.2.4): the next additional key exchange of a CREATE_CHILD_SA that chose
/// some, KE and the ADDITIONAL_KEY_EXCHANGE notify (the responder's link) each way. The Child SA exchange it continues
/// holds the state; a responder that awaits no exchange under the link answers STATE_NOT_FOUND.
/// </summary>
internal sealed class FollowupKeTask(IkeSa sa, ChildCreateTask? continued = null) : IIkeTask
{
    private ChildCreateTask? _continued = continued;

    public void BuildRequest(List<IkePayload> request) => _continued!.BuildFollowupRequest(request);

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        _continued!.ProcessFollowupResponse(response);
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var link = request.FindNotify(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE)
            ?? throw IkeProtocolException.InvalidSyntax("IKE_FOLLOWUP_KE without an ADDITIONAL_KEY_EXCHANGE notify");
        _continued = ChildCreateTask.Continued(sa, link.NotificationData.Span)
            ?? throw new IkeProtocolException(NotifyMessageType.STATE_NOT_FOUND, "IKE_FOLLOWUP_KE for no exchange that awaits one");
        _continued.ProcessFollowupRequest(request.Find<KeyExchangePayload>());
    }

    public void BuildResponse(List<IkePayload> response) => _continued!.BuildFollowupResponse(response);
}
