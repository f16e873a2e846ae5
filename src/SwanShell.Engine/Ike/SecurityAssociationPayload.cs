namespace SwanShell.Engine.Ike;

/// <summary>SA (RFC 7296 §3.3): one or more proposals, in order of preference.</summary>
public sealed class SecurityAssociationPayload : IkePayload
{
    public SecurityAssociationPayload(IReadOnlyList<Proposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        Proposals = proposals;
    }

    public override PayloadType Type => PayloadType.SecurityAssociation;

    public IReadOnlyList<Proposal> Proposals { get; }

    public override int BodyLength
    {
        get
        {
            var length = 0;
            foreach (var proposal in Proposals)
            {
                length += proposal.Length;
            }

            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        var offset = 0;
        for (var i = 0; i < Proposals.Count; i++)
        {
            Proposals[i].Write(destination[offset..], last: i == Proposals.Count - 1);
            offset += Proposals[i].Length;
        }
    }

    internal static SecurityAssociationPayload Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw IkeProtocolException.InvalidSyntax("an SA payload without proposals");
        }

        var proposals = new List<Proposal>();
        var offset = 0;
        while (offset < body.Length)
        {
            // The Last Substruc field says whether another proposal follows; it must agree with the length.
            var last = body.Span[offset] == 0;
            offset += Proposal.Read(body[offset..], expectLast: last, out var proposal);
            proposals.Add(proposal);
            if (last != (offset == body.Length))
            {
                throw IkeProtocolException.InvalidSyntax("an SA payload's Last Substruc fields disagree with its length");
            }
        }

        return new SecurityAssociationPayload(proposals);
    }
}
