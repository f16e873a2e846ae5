using System.Buffers.Binary;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>Finding payloads in a message's list.</summary>
internal static class PayloadLookup
{
    public static T? Find<T>(this IReadOnlyList<IkePayload> payloads, PayloadType? type = null)
        where T : IkePayload =>
        payloads.OfType<T>().FirstOrDefault(p => type is null || p.Type == type);

    public static T Require<T>(this IReadOnlyList<IkePayload> payloads, PayloadType type)
        where T : IkePayload =>
        payloads.Find<T>(type) ?? throw IkeProtocolException.InvalidSyntax($"the message lacks its {type} payload");

    /// <summary>The one proposal of an answer's SA payload (§2.7: the responder accepts exactly one).</summary>
    public static Proposal RequireSingleProposal(this IReadOnlyList<IkePayload> response)
    {
        var proposals = response.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals;
        return proposals.Count == 1 ? proposals[0] : throw IkeProtocolException.InvalidSyntax($"an answer with {proposals.Count} proposals");
    }

    public static NotifyPayload? FindNotify(this IReadOnlyList<IkePayload> payloads, NotifyMessageType type) =>
        payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.NotifyType == type);

    /// <summary>The first error notify, which ends the exchange for the side that receives it.</summary>
    public static NotifyPayload? FindError(this IReadOnlyList<IkePayload> payloads) =>
        payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.IsError);

    /// <summary>
    /// Whether the response is an INVALID_KE_PAYLOAD, and the key exchange method it names (§1.2, §1.3; NONE when its
    /// data is not the two octets of one).
    /// </summary>
    public static bool AsksForKeyExchange(this IReadOnlyList<IkePayload> response, out KeyExchangeTransformId wanted)
    {
        var notify = response.FindNotify(NotifyMessageType.INVALID_KE_PAYLOAD);
        wanted = notify?.NotificationData.Length == 2
            ? (KeyExchangeTransformId)BinaryPrimitives.ReadUInt16BigEndian(notify.NotificationData.Span)
            : KeyExchangeTransformId.NONE;
        return notify is not null;
    }
}
