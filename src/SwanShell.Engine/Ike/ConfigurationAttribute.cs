namespace SwanShell.Engine.Ike;

/// <summary>
/// A Configuration Attribute (RFC 7296 §3.15.1). A request carries empty values.
/// <code>
/// |R|         Attribute Type      |            Length             |
/// ~                             Value                             ~
/// </code>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "RFC 7296 §3.15.1 names it so; it is no .NET attribute.")]
public sealed record ConfigurationAttribute(ConfigurationAttributeType Type, ReadOnlyMemory<byte> Value)
{
    public override string ToString() => $"{Type} ({Value.Length} bytes)";
}
