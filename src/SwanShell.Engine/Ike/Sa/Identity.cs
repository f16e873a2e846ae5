using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>An IKE identity (the ID Type and Identification Data of IDi/IDr, RFC 7296 §3.5), compared by value.</summary>
public sealed class Identity : IEquatable<Identity>
{
    private readonly byte[] _data;

    public Identity(IdentificationType type, ReadOnlySpan<byte> data)
    {
        Type = type;
        _data = data.ToArray();
    }

    public IdentificationType Type { get; }

    public ReadOnlyMemory<byte> Data => _data;

    public static Identity Fqdn(string name) => new(IdentificationType.ID_FQDN, Encoding.ASCII.GetBytes(name));

    public static Identity Address(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? IdentificationType.ID_IPV6_ADDR : IdentificationType.ID_IPV4_ADDR;
        return new Identity(type, address.GetAddressBytes());
    }

    public IdentificationPayload ToPayload(PayloadType payloadType) => new(payloadType, Type, _data);

    public static Identity FromPayload(IdentificationPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new Identity(payload.IdType, payload.IdentificationData.Span);
    }

    public bool Equals(Identity? other) => other is not null && Type == other.Type && _data.AsSpan().SequenceEqual(other._data);

    public override bool Equals(object? obj) => Equals(obj as Identity);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    public override string ToString() => Type switch
    {
        IdentificationType.ID_FQDN => "@" + Encoding.ASCII.GetString(_data),
        IdentificationType.ID_RFC822_ADDR => Encoding.ASCII.GetString(_data),
        IdentificationType.ID_IPV4_ADDR or IdentificationType.ID_IPV6_ADDR when _data.Length is 4 or 16 => new IPAddress(_data).ToString(),
        _ => $"{Type}:{Convert.ToHexString(_data)}",
    };
}
