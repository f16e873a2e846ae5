using System.Buffers.Binary;

namespace SwanShell.Engine.Ike;

/// <summary>
/// CP (RFC 7296 §3.15).
/// <code>
/// |   CFG Type    |                    RESERVED                   |
/// ~                   Configuration Attributes                    ~
/// </code>
/// </summary>
public sealed class ConfigurationPayload : IkePayload
{
    public ConfigurationPayload(ConfigurationType configurationType, IReadOnlyList<ConfigurationAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ConfigurationType = configurationType;
        Attributes = attributes;
    }

    public override PayloadType Type => PayloadType.Configuration;

    public ConfigurationType ConfigurationType { get; }

    public IReadOnlyList<ConfigurationAttribute> Attributes { get; }

    public override int BodyLength
    {
        get
        {
            var length = 4;
            foreach (var attribute in Attributes)
            {
                length += 4 + attribute.Value.Length;
            }

            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)ConfigurationType;
        destination[1..4].Clear();
        var offset = 4;
        foreach (var attribute in Attributes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)((ushort)attribute.Type & 0x7fff));
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)attribute.Value.Length);
            attribute.Value.Span.CopyTo(destination[(offset + 4)..]);
            offset += 4 + attribute.Value.Length;
        }
    }

    internal static ConfigurationPayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.Configuration, body, 4);
        var span = body.Span;
        var attributes = new List<ConfigurationAttribute>();
        var offset = 4;
        while (offset < span.Length)
        {
            if (span.Length - offset < 4)
            {
                throw IkeProtocolException.InvalidSyntax("a configuration attribute is cut off");
            }

            // The reserved top bit is ignored on receipt.
            var type = (ConfigurationAttributeType)(BinaryPrimitives.ReadUInt16BigEndian(span[offset..]) & 0x7fff);
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
            if (length > span.Length - offset - 4)
            {
                throw IkeProtocolException.InvalidSyntax($"a configuration attribute claims {length} bytes of {span.Length - offset - 4}");
            }

            attributes.Add(new ConfigurationAttribute(type, body.Slice(offset + 4, length)));
            offset += 4 + length;
        }

        return new ConfigurationPayload((ConfigurationType)span[0], attributes);
    }
}
