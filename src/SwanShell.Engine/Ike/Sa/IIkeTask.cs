namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// One part of an exchange, in the manner of strongSwan's charon tasks: the initiator builds its share of the
/// request and processes its share of the response; the responder processes the request and builds its share of the
/// response. An exchange runs several tasks over one message pair (IKE_AUTH: authentication, then the Child SA).
/// A task throws <see cref="IkeProtocolException"/> to fail: on the responder its notify becomes the answer.
/// </summary>
internal interface IIkeTask
{
    void BuildRequest(List<IkePayload> request);

    TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response);

    void ProcessRequest(IReadOnlyList<IkePayload> request);

    void BuildResponse(List<IkePayload> response);
}

internal enum TaskOutcome
{
    Done,

    /// <summary>The exchange must start again with a corrected request (INVALID_KE_PAYLOAD, COOKIE).</summary>
    Retry,

    /// <summary>The response answers an earlier attempt of the request (a late answer to its retransmission): keep waiting.</summary>
    Stale,
}
