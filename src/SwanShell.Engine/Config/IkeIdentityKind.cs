namespace SwanShell.Engine.Config;

/// <summary>The forms of <c>leftid=</c>; the IKEv2 ID types (RFC 7296 §3.5) and libreswan's special values.</summary>
public enum IkeIdentityKind
{
    /// <summary><c>@vpn.example.com</c>: ID_FQDN, taken literally.</summary>
    Fqdn,

    /// <summary><c>user@example.com</c>: ID_RFC822_ADDR.</summary>
    UserFqdn,

    /// <summary>An IPv4 address: ID_IPV4_ADDR.</summary>
    Ipv4Address,

    /// <summary>An IPv6 address: ID_IPV6_ADDR.</summary>
    Ipv6Address,

    /// <summary><c>C=CH, O=Example, CN=gw</c>: ID_DER_ASN1_DN.</summary>
    DistinguishedName,

    /// <summary><c>@#0a1b…</c> (hex) or <c>@[text]</c>: ID_KEY_ID.</summary>
    KeyId,

    /// <summary>A DNS name without <c>@</c>: resolved to an address when the conn is loaded, as libreswan does.</summary>
    HostName,

    /// <summary><c>%fromcert</c>: the subject of the end's certificate.</summary>
    FromCertificate,

    /// <summary><c>%none</c>: send no ID.</summary>
    None,

    /// <summary><c>%null</c>: ID_NULL, for authby=null (RFC 7619).</summary>
    Null,

    /// <summary><c>%any</c>: accept any ID from the peer.</summary>
    Any,
}
