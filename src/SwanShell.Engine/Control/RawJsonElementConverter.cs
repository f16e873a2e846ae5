using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwanShell.Engine.Control;

/// <summary>
/// Writes a JSON element as the UTF-8 bytes it was parsed from, where the default converter walks and re-escapes every
/// token: a result is serialised once, not twice (the status of 10,000 connections is megabytes).
/// </summary>
public sealed class RawJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // The element was parsed (ControlServer.ToResult), so its bytes are valid JSON.
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }
}
