namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// INFORMATIONAL (RFC 7296 §1.4): an empty request is a liveness check answered empty; a Delete of the IKE SA is
/// answered empty and ends it (with its Child SAs); a Delete of ESP SPIs is answered with the SPIs of our halves.
/// An error notify in the request (the initiator refusing our IKE_AUTH answer) is reported.
/// </summary>
internal sealed class InformationalTask(IkeSa sa, bool deleteIkeSa = false) : IIkeTask
{
    private readonly List<uint> _deletedInbound = [];

    /// <summary>Whether the exchange deleted the IKE SA, on either side.</summary>
    public bool DeletesIkeSa { get; private set; } = deleteIkeSa;

    public void BuildRequest(List<IkePayload> request)
    {
        if (DeletesIkeSa)
        {
            request.Add(new DeletePayload(SecurityProtocolId.IKE, []));
        }
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response) => TaskOutcome.Done;

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        if (request.FindError() is { } error)
        {
            sa.Report(new IkeSaFailed(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote, error.NotifyType, $"the peer reported {error.NotifyType}"));
        }

        foreach (var delete in request.OfType<DeletePayload>())
        {
            if (delete.ProtocolId == SecurityProtocolId.IKE)
            {
                DeletesIkeSa = true;
            }
            else if (delete.ProtocolId == SecurityProtocolId.ESP)
            {
                _deletedInbound.AddRange(sa.RemoveChildSas(delete.Spis));
            }
        }
    }

    public void BuildResponse(List<IkePayload> response)
    {
        if (!DeletesIkeSa && _deletedInbound.Count > 0)
        {
            response.Add(new DeletePayload(SecurityProtocolId.ESP, _deletedInbound));
        }
    }
}
