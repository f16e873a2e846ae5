using SwanShell.Engine.Config;

namespace SwanShell;

/// <summary>One end of a conn as Get-IpsecConnection shows it: addresses and IDs as text, so it serialises cleanly over remoting.</summary>
public sealed class IpsecConnectionEnd
{
    internal IpsecConnectionEnd(ConnectionEnd end)
    {
        Host = end.Host.ToString();
        Id = end.Id?.ToString();
        IdType = end.Id?.Kind;
        Subnets = [.. end.Subnets.Select(subnet => subnet.ToString())];
        SourceIp = end.SourceIp?.ToString();
        NextHop = end.NextHop?.ToString();
        IkePort = end.IkePort;
        Certificate = end.Certificate;
        CertificateAuthority = end.CertificateAuthority;
        SendCertificate = end.SendCertificate;
        Authentication = end.Authentication;
        AddressPool = end.AddressPool?.ToString();
        Updown = end.Updown;
    }

    /// <summary>left= / right=: an address, a DNS name, %defaultroute, %any or %interface.</summary>
    public string Host { get; }

    public string? Id { get; }

    public IkeIdentityKind? IdType { get; }

    public string[] Subnets { get; }

    public string? SourceIp { get; }

    public string? NextHop { get; }

    public ushort? IkePort { get; }

    public string? Certificate { get; }

    public string? CertificateAuthority { get; }

    public SendCertificatePolicy SendCertificate { get; }

    public AuthenticationMethod? Authentication { get; }

    public string? AddressPool { get; }

    public string? Updown { get; }

    /// <summary>libreswan's notation: <c>subnet===host[id]</c>.</summary>
    public override string ToString()
    {
        var subnets = Subnets.Length == 0 ? string.Empty : string.Join(',', Subnets) + "===";
        var id = Id is null ? string.Empty : $"[{Id}]";
        return subnets + Host + id;
    }
}
