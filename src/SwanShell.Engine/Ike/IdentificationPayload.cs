namespace SwanShell.Engine.Ike;

/// <summary>
/// IDi and IDr (RFC 7296 §3.5); the body from ID Type on is the RestOfIDPayload that AUTH signs (§2.15).
/// <code>
/// |   ID Type     |                 RESERVED                      |
/// ~                   Identification Data                         ~
/// </code>
/// </summary>
public sealed class IdentificationPayload : IkePayload
{
    public IdentificationPayload(PayloadType type, IdentificationType idType, ReadOnlyMemory<byte> identificationData)
    {
        if (type is not (PayloadType.IdentificationInitiator or PayloadType.IdentificationResponder))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "IDi or IDr");
        }

        Type = type;
        IdType = idType;
        IdentificationData = identificationData;
    }

    public override PayloadType Type { get; }

    public IdentificationType IdType { get; }

    public ReadOnlyMemory<byte> IdentificationData { get; }

    public override int BodyLength => 4 + IdentificationData.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)IdType;
        destination[1..4].Clear();
        IdentificationData.Span.CopyTo(destination[4..]);
    }

    internal static IdentificationPayload Parse(PayloadType type, ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(type, body, 4);
        return new IdentificationPayload(type, (IdentificationType)body.Span[0], body[4..]);
    }
}
