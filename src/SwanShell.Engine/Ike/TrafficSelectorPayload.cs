namespace SwanShell.Engine.Ike;

/// <summary>
/// TSi and TSr (RFC 7296 §3.13).
/// <code>
/// | Number of TSs |                 RESERVED                      |
/// ~                       &lt;Traffic Selectors&gt;                     ~
/// </code>
/// </summary>
public sealed class TrafficSelectorPayload : IkePayload
{
    public TrafficSelectorPayload(PayloadType type, IReadOnlyList<TrafficSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (type is not (PayloadType.TrafficSelectorInitiator or PayloadType.TrafficSelectorResponder))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "TSi or TSr");
        }

        if (selectors.Count > byte.MaxValue)
        {
            throw new ArgumentException("at most 255 traffic selectors", nameof(selectors));
        }

        Type = type;
        Selectors = selectors;
    }

    public override PayloadType Type { get; }

    public IReadOnlyList<TrafficSelector> Selectors { get; }

    public override int BodyLength
    {
        get
        {
            var length = 4;
            foreach (var selector in Selectors)
            {
                length += selector.Length;
            }

            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Selectors.Count;
        destination[1..4].Clear();
        var offset = 4;
        foreach (var selector in Selectors)
        {
            selector.Write(destination[offset..]);
            offset += selector.Length;
        }
    }

    internal static TrafficSelectorPayload Parse(PayloadType type, ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(type, body, 4);
        var count = body.Span[0];
        var selectors = new TrafficSelector[count];
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            offset += TrafficSelector.Read(body[offset..], out selectors[i]);
        }

        if (offset != body.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"a {type} payload's {count} selectors fill {offset} of its {body.Length} bytes");
        }

        return new TrafficSelectorPayload(type, selectors);
    }
}
