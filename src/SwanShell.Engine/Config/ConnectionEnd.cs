using System.Net;

namespace SwanShell.Engine.Config;

/// <summary>One end of a conn: everything written as <c>left*</c> or <c>right*</c>.</summary>
public sealed record ConnectionEnd
{
    /// <summary><c>left=</c>.</summary>
    public required HostAddress Host { get; init; }

    /// <summary><c>leftid=</c>; null means the host's address, as libreswan does.</summary>
    public IkeIdentity? Id { get; init; }

    /// <summary><c>leftsubnet=</c> (several since libreswan 5); empty means the host itself.</summary>
    public EquatableList<IPNetwork> Subnets { get; init; } = new([]);

    /// <summary><c>leftsourceip=</c>.</summary>
    public IPAddress? SourceIp { get; init; }

    /// <summary><c>leftnexthop=</c>.</summary>
    public HostAddress? NextHop { get; init; }

    /// <summary><c>leftikeport=</c>; null means 500 (and 4500 after NAT detection).</summary>
    public ushort? IkePort { get; init; }

    /// <summary><c>leftupdown=</c>; null when turned off with <c>%disabled</c> or an empty string.</summary>
    public string? Updown { get; init; } = DefaultUpdown;

    /// <summary><c>leftcert=</c>: the name of the certificate in SwanShell's store.</summary>
    public string? Certificate { get; init; }

    /// <summary><c>leftca=</c>; <c>%same</c> means the CA of the other end.</summary>
    public string? CertificateAuthority { get; init; }

    /// <summary><c>leftsendcert=</c>.</summary>
    public SendCertificatePolicy SendCertificate { get; init; } = SendCertificatePolicy.Always;

    /// <summary><c>leftauth=</c>, or what <c>authby=</c> implies for this end.</summary>
    public AuthenticationMethod? Authentication { get; init; }

    /// <summary><c>leftrsasigkey=</c>: a raw key (<c>0s…</c>), <c>%cert</c> or <c>%none</c>.</summary>
    public string? RsaSigKey { get; init; }

    /// <summary><c>leftecdsakey=</c>.</summary>
    public string? EcdsaKey { get; init; }

    /// <summary><c>leftpubkey=</c>.</summary>
    public string? PublicKey { get; init; }

    /// <summary><c>leftckaid=</c>: hex ID of the private key.</summary>
    public string? Ckaid { get; init; }

    /// <summary><c>leftaddresspool=</c>: addresses handed to road warriors at this end.</summary>
    public AddressPool? AddressPool { get; init; }

    public const string DefaultUpdown = "ipsec _updown";
}
