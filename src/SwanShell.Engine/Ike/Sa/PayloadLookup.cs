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

    public static NotifyPayload? FindNotify(this IReadOnlyList<IkePayload> payloads, NotifyMessageType type) =>
        payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.NotifyType == type);

    /// <summary>The first error notify, which ends the exchange for the side that receives it.</summary>
    public static NotifyPayload? FindError(this IReadOnlyList<IkePayload> payloads) =>
        payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.IsError);
}
