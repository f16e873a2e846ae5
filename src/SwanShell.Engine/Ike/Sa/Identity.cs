using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SwanShell.Engine.Certificates;

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

    /// <summary>ID_DER_ASN1_DN of a certificate's subject, encoded as the certificate has it (peers compare the two).</summary>
    public static Identity DistinguishedName(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new Identity(IdentificationType.ID_DER_ASN1_DN, name.RawData);
    }

    /// <summary>A distinguished name with <c>*</c> for some value: a pattern to match peers against, never sent.</summary>
    public bool HasWildcards => Type == IdentificationType.ID_DER_ASN1_DN && DistinguishedNames.HasWildcards(new X500DistinguishedName(_data));

    /// <summary>
    /// Whether the peer's identity is this one: equal, or for distinguished names the same RDNs whatever their
    /// string encoding, with <c>*</c> values matching any.
    /// </summary>
    public bool Matches(Identity peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return Equals(peer) || (Type == IdentificationType.ID_DER_ASN1_DN && peer.Type == IdentificationType.ID_DER_ASN1_DN
            && DistinguishedNames.Matches(new X500DistinguishedName(_data), new X500DistinguishedName(peer._data), wildcards: true));
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
        IdentificationType.ID_DER_ASN1_DN when DistinguishedNames.TryFormat(_data) is { } name => name,
        _ => $"{Type}:{Convert.ToHexString(_data)}",
    };
}
