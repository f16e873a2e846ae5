using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwanShell.Engine.Config;

/// <summary>
/// A secret from ipsec.secrets (a PSK, an XAUTH password, a PPK). It never shows its value: ToString, the
/// debugger, JSON and PowerShell's formatting (which sees only <see cref="Length"/>) all get "&lt;redacted&gt;".
/// The bytes are zeroed on <see cref="Dispose"/>, which is how a reread replaces old secrets.
/// </summary>
[DebuggerDisplay("<redacted>")]
[JsonConverter(typeof(RedactedJsonConverter))]
public sealed class SecretBytes : IDisposable
{
    public const string Redacted = "<redacted>";

    private readonly byte[] _value;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="value"/>: the caller must not keep or reuse the array.</summary>
    internal SecretBytes(byte[] value) => _value = value;

    public int Length => _value.Length;

    /// <summary>The secret itself, for the key derivation that needs it; never for display.</summary>
    public ReadOnlySpan<byte> Expose()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _value;
    }

    /// <summary>Compares in constant time, as secrets should be.</summary>
    public bool SameAs(SecretBytes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(Expose(), other.Expose());
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_value);
        _disposed = true;
    }

    public override string ToString() => Redacted;

    /// <summary>Writes the redaction marker; secrets are never read from JSON.</summary>
    private sealed class RedactedJsonConverter : JsonConverter<SecretBytes>
    {
        public override SecretBytes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("secrets are not read from JSON");

        public override void Write(Utf8JsonWriter writer, SecretBytes value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Redacted);
    }
}
