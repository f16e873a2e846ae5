using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwanShell.Engine.Control;

/// <summary>Addresses travel in their text form, as people write them.</summary>
public sealed class IPAddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException($"'{reader.GetString()}' is not an IP address");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
