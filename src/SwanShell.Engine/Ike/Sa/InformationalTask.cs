namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// INFORMATIONAL (RFC 7296 §1.4): an empty request is a liveness check answered empty; a Delete of the IKE SA is
/// answered empty and ends it (with its Child SAs); a Delete of ESP SPIs removes those Child SAs and is answered
/// with the SPIs of our halves (§1.4.1).
/// An error notify in the request (the initiator refusing our IKE_AUTH answer) is reported.
/// </summary>
internal sealed class InformationalTask(IkeSa sa, bool deleteIkeSa = false, IReadOnlyList<ChildSa>? deleteChildSas = null) : IIkeTask
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
        else if (deleteChildSas is { Count: > 0 })
        {
            // Each side names the SPIs it receives on (§3.11).
            request.Add(new DeletePayload(SecurityProtocolId.ESP, [.. deleteChildSas.Select(c => c.InboundSpi)]));
        }
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        foreach (var childSa in deleteChildSas ?? [])
        {
            sa.RemoveChildSa(childSa);
        }

        return TaskOutcome.Done;
    }

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
