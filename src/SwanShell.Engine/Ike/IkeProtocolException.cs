using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// A message broke the protocol. <see cref="NotifyType"/> is the error notify to answer with (RFC 7296 §2.21);
/// null means the message must be dropped without a reply, as for a failed integrity check (§2.21.1 and §3.14),
/// because an unauthenticated error reply would let anyone tear SAs down. The only exception the codec throws.
/// </summary>
public sealed class IkeProtocolException : Exception
{
    public IkeProtocolException(NotifyMessageType? notifyType, string message, byte[]? notificationData = null)
        : base(message)
    {
        NotifyType = notifyType;
        NotificationData = notificationData ?? [];
    }

    public IkeProtocolException()
        : this(NotifyMessageType.INVALID_SYNTAX, "invalid syntax")
    {
    }

    public IkeProtocolException(string message)
        : this(NotifyMessageType.INVALID_SYNTAX, message)
    {
    }

    public IkeProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        NotifyType = NotifyMessageType.INVALID_SYNTAX;
        NotificationData = Array.Empty<byte>();
    }

    /// <summary>The error notify to send back, or null to drop the message silently.</summary>
    public NotifyMessageType? NotifyType { get; }

    /// <summary>Notification Data of that notify (the payload type for UNSUPPORTED_CRITICAL_PAYLOAD, …).</summary>
    public ReadOnlyMemory<byte> NotificationData { get; }

    public static IkeProtocolException InvalidSyntax(string message) => new(NotifyMessageType.INVALID_SYNTAX, message);

    /// <summary>RFC 7296 §2.5: the notify carries the one-octet type of the payload we could not process.</summary>
    public static IkeProtocolException UnsupportedCriticalPayload(byte payloadType) =>
        new(NotifyMessageType.UNSUPPORTED_CRITICAL_PAYLOAD, $"unsupported critical payload type {payloadType}", [payloadType]);

    public static IkeProtocolException InvalidMajorVersion(int majorVersion) =>
        new(NotifyMessageType.INVALID_MAJOR_VERSION, $"IKE major version {majorVersion} is not 2");

    /// <summary>The ICV or AEAD tag did not verify, or the protected payload is too short to carry one: drop without a reply.</summary>
    public static IkeProtocolException IntegrityCheckFailed(string message = "the integrity check value of the encrypted payload does not verify") =>
        new(notifyType: null, message);

    /// <summary>RFC 7296 §3.10.1: INVALID_KE_PAYLOAD carries the two-octet group the responder wants.</summary>
    public static IkeProtocolException InvalidKePayload(KeyExchangeTransformId wanted)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)wanted);
        return new(NotifyMessageType.INVALID_KE_PAYLOAD, $"key exchange method {wanted} was expected", data);
    }
}
