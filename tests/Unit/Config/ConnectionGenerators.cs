using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

/// <summary>FsCheck generators of valid conns: every value is one ipsec.conf can express and SwanShell accepts.</summary>
public static class ConnectionGenerators
{
    private static readonly string[] IkeProposals =
        ["aes_gcm256-sha2_512;dh19+dh20", "aes256-sha2_256-modp2048", "chacha20_poly1305", "aes128-sha1;dh31", "aes_gcm128-sha2_384;dh20;addke1=ml_kem_768", "aes256-sha2;mlkem1024", "aes_ctr192-aes_xcbc;curve448"];

    private static readonly string[] EspProposals =
        ["aes_gcm256", "aes256-sha2_512", "aes128-sha1", "chacha20_poly1305", "aes_ccm_12_128", "camellia256-sha2_384", "3des-sha2"];

    private static readonly string[] EspPfsGroups = ["modp3072", "dh19", "dh31"];

    private static readonly Gen<string> Word =
        from first in Gen.Elements("a", "b", "x", "gw", "site", "road")
        from rest in Gen.Elements("", "1", "-2", "net", ".east", "_x")
        select first + rest;

    public static Arbitrary<ConnectionDefinition> Connections() =>
        (from family in Gen.Elements(AddressFamily.InterNetwork, AddressFamily.InterNetworkV6)
         from name in Word
         from left in End(family)
         from right in End(family)
         from auth in Authentication(left, right)
         from core in Core()
         from timers in Timers()
         select timers(core(auth.Conn with { Name = name, Left = auth.Left, Right = auth.Right }))).ToArbitrary();

    private static Gen<ConnectionEnd> End(AddressFamily family) =>
        from host in Gen.OneOf(
            Address(family).Select(a => new HostAddress(HostAddressKind.Address, a)),
            Gen.Elements(new HostAddress(HostAddressKind.Any), new HostAddress(HostAddressKind.DefaultRoute), new HostAddress(HostAddressKind.Interface, Name: "eth0"), new HostAddress(HostAddressKind.HostName, Name: "gw.example.net")))
        from id in Identity(family).OrNull()
        from subnets in Network(family).ListOf().Select(list => list.Take(3).Distinct().ToList())
        from sourceIp in Address(family).OrNull()
        from nexthop in Gen.Elements<HostAddress?>(null, new HostAddress(HostAddressKind.Direct), new HostAddress(HostAddressKind.DefaultRoute))
        from port in Gen.Elements<ushort?>(null, 500, 4500, 5000)
        from updown in Gen.Elements<string?>(ConnectionEnd.DefaultUpdown, null, "/usr/local/bin/updown --flag")
        from cert in Gen.Elements<string?>(null, "west", "vpn.example.com cert")
        from ca in Gen.Elements<string?>(null, "%same", "C=CH, O=Example CA")
        from sendCert in Gen.Elements(Enum.GetValues<SendCertificatePolicy>())
        from key in Gen.Elements<string?>(null, "%cert", "0sAwEAAQ")
        from ckaid in Gen.Elements<string?>(null, "0a1b2c3d")
        from pool in Network(family).Select(n => new AddressPool(n.BaseAddress, StrictAddress.Last(n), n.PrefixLength)).OrNull()
        select new ConnectionEnd
        {
            Host = host,
            Id = id,
            Subnets = new(subnets),
            SourceIp = sourceIp,
            NextHop = nexthop,
            IkePort = port,
            Updown = updown,
            Certificate = cert,
            CertificateAuthority = ca,
            SendCertificate = sendCert,
            RsaSigKey = key,
            EcdsaKey = key,
            PublicKey = key,
            Ckaid = ckaid,
            AddressPool = pool,
        };

    private static Gen<IPAddress> Address(AddressFamily family) =>
        Gen.Choose(1, 250).ArrayOf(family == AddressFamily.InterNetwork ? 4 : 16)
            .Select(parts => new IPAddress(parts.Select(p => (byte)p).ToArray()));

    private static Gen<IPNetwork> Network(AddressFamily family) =>
        from address in Address(family)
        from prefix in Gen.Choose(0, family == AddressFamily.InterNetwork ? 32 : 128)
        select new IPNetwork(Masked(address, prefix), prefix);

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private static Gen<IkeIdentity> Identity(AddressFamily family) =>
        Gen.OneOf(
            Word.Select(w => new IkeIdentity(IkeIdentityKind.Fqdn, w + ".example")),
            Word.Select(w => new IkeIdentity(IkeIdentityKind.UserFqdn, w + "@example.com")),
            Word.Select(w => new IkeIdentity(IkeIdentityKind.DistinguishedName, $"C=CH, O=Example, CN={w}")),
            Word.Select(w => new IkeIdentity(IkeIdentityKind.HostName, w + ".example.org")),
            Address(family).Select(a => new IkeIdentity(family == AddressFamily.InterNetwork ? IkeIdentityKind.Ipv4Address : IkeIdentityKind.Ipv6Address, a.ToString())),
            Gen.Elements(
                new IkeIdentity(IkeIdentityKind.KeyId, "0a1b"),
                new IkeIdentity(IkeIdentityKind.FromCertificate, string.Empty),
                new IkeIdentity(IkeIdentityKind.Any, string.Empty),
                new IkeIdentity(IkeIdentityKind.Null, string.Empty),
                new IkeIdentity(IkeIdentityKind.None, string.Empty)));

    /// <summary>Either authby= for both ends (each end's method derived from it) or leftauth=/rightauth= with the default authby.</summary>
    private static Gen<(ConnectionDefinition Conn, ConnectionEnd Left, ConnectionEnd Right)> Authentication(ConnectionEnd left, ConnectionEnd right)
    {
        AuthenticationMethod[][] authBy =
        [
            [AuthenticationMethod.Secret], [AuthenticationMethod.RsaSig, AuthenticationMethod.Ecdsa], [AuthenticationMethod.Null],
            [AuthenticationMethod.RsaSha2_256, AuthenticationMethod.RsaSha2_384, AuthenticationMethod.RsaSha2_512], [AuthenticationMethod.EcdsaSha2_384],
        ];
        var methods = Enum.GetValues<AuthenticationMethod>().Where(m => m != AuthenticationMethod.Never).ToArray();
        var symmetric =
            from list in Gen.Elements(authBy)
            let derived = list.Length == 1 ? list[0] : (AuthenticationMethod?)null
            select (Placeholder(left, right) with { AuthBy = new(list) }, left with { Authentication = derived }, right with { Authentication = derived });
        var asymmetric =
            from leftAuth in Gen.Elements(methods)
            from rightAuth in Gen.Elements(methods)
            select (Placeholder(left, right), left with { Authentication = leftAuth }, right with { Authentication = rightAuth });
        return Gen.OneOf(symmetric, asymmetric);
    }

    private static ConnectionDefinition Placeholder(ConnectionEnd left, ConnectionEnd right) => new() { Name = "x", Left = left, Right = right };

    private static Gen<Func<ConnectionDefinition, ConnectionDefinition>> Core() =>
        from auto in Gen.Elements(Enum.GetValues<AutoStart>())
        from type in Gen.Elements(Enum.GetValues<ConnectionType>())
        from ike in Gen.Elements(IkeProposals).ListOf().Select(list => list.Take(3).ToList())
        from esp in Gen.Elements(EspProposals).ListOf().Select(list => list.Take(3).ToList())
        from pfs in Gen.Elements(true, false)
        from pfsGroup in Gen.Elements(EspPfsGroups)
        from encapsulation in Gen.Elements(Enum.GetValues<EncapsulationMode>())
        from fragmentation in Gen.Elements(Enum.GetValues<FragmentationPolicy>())
        from esn in Gen.Elements(Enum.GetValues<EsnPolicy>())
        from shunts in Gen.Elements(Enum.GetValues<ShuntPolicy>()).ArrayOf(2)
        from flags in Gen.Elements(true, false).ArrayOf(5)
        from mark in Gen.Elements<XfrmMark?>(null, new XfrmMark(16, 255, false), new XfrmMark(0, uint.MaxValue, true))
        from numbers in Gen.Choose(1, 16379).ArrayOf(4)
        from aliases in Word.ListOf().Select(list => list.Take(2).ToList())
        select new Func<ConnectionDefinition, ConnectionDefinition>(conn => conn with
        {
            Auto = auto,
            Type = type,
            Ike = ike.Count == 0 ? conn.Ike : Proposals(SecurityProtocol.Ike, ike),
            Esp = esp.Count == 0 ? conn.Esp : Proposals(SecurityProtocol.Esp, pfs ? esp.Select(p => flags[0] ? p + ";" + pfsGroup : p) : esp),
            Pfs = pfs,
            Encapsulation = encapsulation,
            Fragmentation = fragmentation,
            Esn = esn,
            FailureShunt = shunts[0],
            NegotiationShunt = shunts[1],
            NatKeepalive = flags[1],
            Mobike = flags[2],
            Narrowing = flags[3],
            Sha2Truncbug = flags[4],
            Rekey = !flags[4],
            Mark = mark,
            MarkIn = flags[0] ? mark : null,
            NflogGroup = (ushort)numbers[0],
            Reqid = (uint)numbers[1],
            Priority = flags[2] ? (uint)numbers[2] : null,
            ReplayWindow = (uint)numbers[3],
            KeyingTries = flags[3] ? (uint)numbers[3] : null,
            Aliases = new(aliases),
        });

    private static Gen<Func<ConnectionDefinition, ConnectionDefinition>> Timers() =>
        from seconds in Gen.Choose(1, 24 * 3600).ArrayOf(7)
        from unit in Gen.Elements(1, 60, 3600)
        from bytes in Gen.Choose(1, int.MaxValue)
        select new Func<ConnectionDefinition, ConnectionDefinition>(conn => conn with
        {
            IkeLifetime = TimeSpan.FromSeconds(Math.Min(seconds[0] * (long)unit, 24 * 3600)),
            IpsecLifetime = TimeSpan.FromSeconds(seconds[1]),
            RekeyMargin = TimeSpan.FromSeconds(seconds[2]),
            DpdDelay = TimeSpan.FromSeconds(seconds[3] % 300),
            DpdTimeout = TimeSpan.FromSeconds(seconds[4] % 300),
            RetransmitTimeout = TimeSpan.FromSeconds(seconds[5]),
            RetransmitInterval = TimeSpan.FromMilliseconds(seconds[6]),
            RekeyFuzzPercent = (uint)(seconds[6] % 200),
            IpsecMaxBytes = (ulong)bytes * 1024,
            IpsecMaxPackets = (ulong)bytes,
        });

    private static EquatableList<Proposal> Proposals(SecurityProtocol protocol, IEnumerable<string> texts)
    {
        var diagnostics = new DiagnosticList();
        var setting = new ConfigSetting(protocol == SecurityProtocol.Ike ? "ike" : "esp", string.Join(',', texts), default, default);
        return ProposalParser.Parse(protocol, setting, diagnostics) ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Items));
    }
}
