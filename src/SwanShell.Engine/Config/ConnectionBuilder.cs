using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>
/// Turns a resolved conn into a <see cref="ConnectionDefinition"/>: every keyword typed and checked, and the
/// checks across keywords libreswan leaves to pluto (missing ends, authby/leftauth, pfs=no with a DH group
/// in esp=, mixed address families) done here, so that <c>Test-IpsecConfiguration</c> finds them.
/// </summary>
internal sealed class ConnectionBuilder(DiagnosticList diagnostics)
{
    private static readonly (string, AuthenticationMethod[])[] AuthNames =
    [
        ("secret", [AuthenticationMethod.Secret]), ("psk", [AuthenticationMethod.Secret]),
        ("rsasig", [AuthenticationMethod.RsaSig]), ("rsa", [AuthenticationMethod.RsaSig]),
        ("rsa-sha1", [AuthenticationMethod.RsaSha1]),
        ("rsa-sha2", [AuthenticationMethod.RsaSha2_256, AuthenticationMethod.RsaSha2_384, AuthenticationMethod.RsaSha2_512]),
        ("rsa-sha2_256", [AuthenticationMethod.RsaSha2_256]), ("rsa-sha2_384", [AuthenticationMethod.RsaSha2_384]),
        ("rsa-sha2_512", [AuthenticationMethod.RsaSha2_512]), ("ecdsa", [AuthenticationMethod.Ecdsa]),
        ("ecdsa-sha2", [AuthenticationMethod.EcdsaSha2_256, AuthenticationMethod.EcdsaSha2_384, AuthenticationMethod.EcdsaSha2_512]),
        ("ecdsa-sha2_256", [AuthenticationMethod.EcdsaSha2_256]), ("ecdsa-sha2_384", [AuthenticationMethod.EcdsaSha2_384]),
        ("ecdsa-sha2_512", [AuthenticationMethod.EcdsaSha2_512]), ("null", [AuthenticationMethod.Null]),
        ("never", [AuthenticationMethod.Never]), ("eaponly", [AuthenticationMethod.EapOnly]),
    ];

    // libreswan's words for each value; the first word of a value is the one "expected" shows, later ones are aliases.
    private static readonly (string, AutoStart)[] AutoNames = [("ignore", AutoStart.Ignore), ("add", AutoStart.Add), ("ondemand", AutoStart.OnDemand), ("start", AutoStart.Start), ("keep", AutoStart.Keep), ("route", AutoStart.OnDemand), ("up", AutoStart.Start)];

    private static readonly (string, ConnectionType)[] TypeNames = [("tunnel", ConnectionType.Tunnel), ("transport", ConnectionType.Transport), ("passthrough", ConnectionType.Passthrough), ("drop", ConnectionType.Drop), ("reject", ConnectionType.Reject), ("pass", ConnectionType.Passthrough)];

    private static readonly (string, EncapsulationMode)[] EncapsulationNames = [("auto", EncapsulationMode.Auto), ("yes", EncapsulationMode.Yes), ("no", EncapsulationMode.No)];

    private static readonly (string, FragmentationPolicy)[] FragmentationNames = [("yes", FragmentationPolicy.Yes), ("no", FragmentationPolicy.No), ("force", FragmentationPolicy.Force)];

    private static readonly (string, EsnPolicy)[] EsnNames = [("either", EsnPolicy.Either), ("yes", EsnPolicy.Yes), ("no", EsnPolicy.No)];

    private static readonly (string, SendCertificatePolicy)[] SendCertNames = [("always", SendCertificatePolicy.Always), ("sendifasked", SendCertificatePolicy.IfAsked), ("never", SendCertificatePolicy.Never), ("yes", SendCertificatePolicy.Always), ("no", SendCertificatePolicy.Never), ("ifasked", SendCertificatePolicy.IfAsked)];

    private static readonly (string, IkeVersion)[] KeyExchangeNames = [("ikev2", IkeVersion.Ikev2), ("ikev1", IkeVersion.Ikev1), ("ike", IkeVersion.Ikev2)];

    private static readonly (string, IkeVersion)[] Ikev2Names = [("insist", IkeVersion.Ikev2), ("yes", IkeVersion.Ikev2), ("propose", IkeVersion.Ikev2), ("permit", IkeVersion.Ikev2), ("no", IkeVersion.Ikev1), ("never", IkeVersion.Ikev1)];

    private static readonly (string, ShuntPolicy)[] ShuntNames = [("none", ShuntPolicy.None), ("passthrough", ShuntPolicy.Passthrough), ("drop", ShuntPolicy.Drop), ("reject", ShuntPolicy.Reject), ("hold", ShuntPolicy.Hold)];

    private static readonly string[] Ends = ["left", "right"];

    /// <summary>libreswan's defaults, as <see cref="ConnectionDefinition"/> and <see cref="ConnectionEnd"/> hold them.</summary>
    private static readonly ConnectionEnd DefaultEnd = new() { Host = new HostAddress(HostAddressKind.Any) };

    private static readonly ConnectionDefinition Defaults = new() { Name = string.Empty, Left = DefaultEnd, Right = DefaultEnd };

    /// <summary>libreswan caps IKE and IPsec SA lifetimes at a day.</summary>
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(1);

    private static readonly AuthenticationMethod[] Exclusive = [AuthenticationMethod.Secret, AuthenticationMethod.Null, AuthenticationMethod.Never];

    /// <summary>
    /// Proposals parsed once per read and text, not per line: generated files give each of thousands of conns its
    /// own copy of the same <c>ike=</c> line.
    /// </summary>
    private readonly Dictionary<(SecurityProtocol Protocol, string Text), EquatableList<Proposal>> _proposals = [];

    /// <summary>The typed conn, or null when it is only a fragment for <c>also=</c> or cannot be used.</summary>
    public ConnectionDefinition? Build(ResolvedConn conn)
    {
        ArgumentNullException.ThrowIfNull(conn);
        var read = new SettingReader(conn.Settings, diagnostics);
        var missing = Ends.Where(end => !read.Has(end)).ToList();
        if (missing.Count > 0)
        {
            // A conn pulled in by also= is a fragment and needs no ends of its own; a conn with broken
            // lines may have lost its ends to them, which were reported already.
            if (!conn.IsAlsoTarget && !conn.Section.HasErrors)
            {
                var what = missing.Count == 2 ? "left= or right=" : missing[0] + "=";
                diagnostics.Error(conn.Section.Location, missing[0], $"conn '{conn.Name}' has no {what}", "say where each end is: an IP address, a DNS name, %defaultroute or %any");
            }

            return null;
        }

        var errorsBefore = diagnostics.ErrorsRaised;
        var authBy = ReadAuthBy(read);
        var definition = new ConnectionDefinition
        {
            Name = conn.Name,
            Location = conn.Section.Location,
            Left = ReadEnd(read, "left", authBy),
            Right = ReadEnd(read, "right", authBy),
            Auto = read.Choice("auto", Defaults.Auto, AutoNames),
            Type = read.Choice("type", Defaults.Type, TypeNames),
            KeyExchange = ReadKeyExchange(read),
            AuthBy = new EquatableList<AuthenticationMethod>(authBy),
            Ike = ReadProposals(read, "ike", SecurityProtocol.Ike) ?? Defaults.Ike,
            Esp = ReadProposals(read, "esp", SecurityProtocol.Esp) ?? Defaults.Esp,
            Pfs = read.YesNo("pfs", Defaults.Pfs),
            IkeLifetime = read.Duration("ikelifetime", Defaults.IkeLifetime, MaximumLifetime),
            IpsecLifetime = read.Duration("ipsec-lifetime", Defaults.IpsecLifetime, MaximumLifetime),
            IpsecMaxBytes = read.Number("ipsec-max-bytes", 1, ulong.MaxValue) ?? Defaults.IpsecMaxBytes,
            IpsecMaxPackets = read.Number("ipsec-max-packets", 1, ulong.MaxValue) ?? Defaults.IpsecMaxPackets,
            Rekey = read.YesNo("rekey", Defaults.Rekey),
            RekeyMargin = read.Duration("rekeymargin", Defaults.RekeyMargin),
            RekeyFuzzPercent = ReadPercent(read, "rekeyfuzz", Defaults.RekeyFuzzPercent),
            KeyingTries = ReadKeyingTries(read),
            DpdDelay = read.Duration("dpddelay", Defaults.DpdDelay),
            DpdTimeout = read.Duration("dpdtimeout", Defaults.DpdTimeout),
            RetransmitTimeout = read.Duration("retransmit-timeout", Defaults.RetransmitTimeout),
            RetransmitInterval = read.Duration("retransmit-interval", Defaults.RetransmitInterval, milliseconds: true),
            Encapsulation = read.Choice("encapsulation", Defaults.Encapsulation, EncapsulationNames),
            NatKeepalive = read.YesNo("nat-keepalive", Defaults.NatKeepalive),
            Fragmentation = read.Choice("fragmentation", Defaults.Fragmentation, FragmentationNames),
            Mobike = read.YesNo("mobike", Defaults.Mobike),
            Narrowing = read.YesNo("narrowing", Defaults.Narrowing),
            Sha2Truncbug = read.YesNo("sha2-truncbug", Defaults.Sha2Truncbug),
            Esn = read.Choice("esn", Defaults.Esn, EsnNames),
            ReplayWindow = (uint?)read.Number("replay-window", 0, uint.MaxValue) ?? Defaults.ReplayWindow,
            Mark = ReadMark(read, "mark"),
            MarkIn = ReadMark(read, "mark-in"),
            MarkOut = ReadMark(read, "mark-out"),
            NflogGroup = (ushort?)read.Number("nflog-group", 1, 65535),
            Reqid = (uint?)read.Number("reqid", 1, 16379),
            Priority = (uint?)read.Number("priority", 0, uint.MaxValue),
            FailureShunt = ReadShunt(read, "failureshunt", Defaults.FailureShunt),
            NegotiationShunt = ReadShunt(read, "negotiationshunt", Defaults.NegotiationShunt),
            Aliases = new EquatableList<string>(read.Text("connalias")?.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries) ?? []),
        };
        ReadPhase2(read);
        CheckAcrossKeywords(read, definition);
        return diagnostics.ErrorsRaised == errorsBefore && !conn.Section.HasErrors ? definition : null;
    }

    private static ConnectionEnd ReadEnd(SettingReader read, string end, IReadOnlyList<AuthenticationMethod> authBy)
    {
        var host = read.Parse<HostAddress>(end, HostAddress.TryParse) ?? new HostAddress(HostAddressKind.Any);
        if (host.Kind is HostAddressKind.Opportunistic or HostAddressKind.OpportunisticGroup or HostAddressKind.Group or HostAddressKind.Direct)
        {
            var setting = read.Get(end)!;
            read.Diagnostics.Error(setting.ValueLocation, end, $"'{end}={setting.Value}' is not supported by SwanShell", "give an address, a DNS name, %defaultroute, %any or %<interface>");
        }

        var updown = read.Get(end + "updown");
        return new ConnectionEnd
        {
            Host = host,
            Id = read.Parse<IkeIdentity>(end + "id", IkeIdentity.TryParse),
            Subnets = ReadSubnets(read, end + "subnet"),
            SourceIp = read.Parse<IPAddress>(end + "sourceip", ParseAddress),
            NextHop = read.Parse<HostAddress>(end + "nexthop", HostAddress.TryParse),
            IkePort = (ushort?)read.Number(end + "ikeport", 1, 65535),
            Updown = updown is null ? DefaultEnd.Updown : updown.Value == "%disabled" ? null : updown.Value,
            Certificate = read.Text(end + "cert"),
            CertificateAuthority = read.Text(end + "ca"),
            SendCertificate = read.Choice(end + "sendcert", DefaultEnd.SendCertificate, SendCertNames),
            Authentication = ReadEndAuth(read, end, authBy),
            RsaSigKey = read.Text(end + "rsasigkey"),
            EcdsaKey = read.Text(end + "ecdsakey"),
            PublicKey = read.Text(end + "pubkey"),
            Ckaid = read.Parse<string>(end + "ckaid", ParseHex),
            AddressPool = read.Parse<AddressPool>(end + "addresspool", ParsePool),
        };
    }

    private static List<AuthenticationMethod> ReadAuthBy(SettingReader read)
    {
        if (read.Get("authby") is not { } setting)
        {
            return [.. Defaults.AuthBy];
        }

        var methods = new List<AuthenticationMethod>();
        foreach (var word in setting.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = AuthNames.FirstOrDefault(n => string.Equals(n.Item1, word, StringComparison.OrdinalIgnoreCase));
            if (match.Item2 is null or [AuthenticationMethod.EapOnly])
            {
                var closest = EditDistance.Closest(word.ToLowerInvariant(), AuthNames.Select(n => n.Item1).Where(n => n != "eaponly"));
                read.Invalid(setting with { Value = word }, "secret, rsasig, rsa-sha2, ecdsa, null or never (comma-separated)", closest is null ? null : $"did you mean '{closest}'?");
                continue;
            }

            methods.AddRange(match.Item2);
        }

        if (methods.Count > 1 && methods.Any(Exclusive.Contains))
        {
            read.Diagnostics.Error(setting.ValueLocation, "authby", $"authby={setting.Value}: secret, null and never cannot be combined with other methods", "use one of them alone, or only signature methods");
        }

        return methods.Count == 0 ? [.. Defaults.AuthBy] : methods;
    }

    private static AuthenticationMethod? ReadEndAuth(SettingReader read, string end, IReadOnlyList<AuthenticationMethod> authBy)
    {
        if (read.Get(end + "auth") is not { } setting)
        {
            return authBy.Count == 1 ? authBy[0] : null;
        }

        if (read.Has("authby"))
        {
            read.Diagnostics.Error(setting.KeyLocation, setting.Key, $"{setting.Key}= cannot be combined with authby=", $"remove authby= and set both leftauth= and rightauth=");
        }

        var match = AuthNames.FirstOrDefault(n => string.Equals(n.Item1, setting.Value, StringComparison.OrdinalIgnoreCase));
        if (match.Item2 is not [var method])
        {
            read.Invalid(setting, "one of secret, rsasig, rsa-sha2_256, rsa-sha2_384, rsa-sha2_512, ecdsa, null, eaponly");
            return null;
        }

        return method;
    }

    private static IkeVersion ReadKeyExchange(SettingReader read)
    {
        var version = read.Choice("keyexchange", IkeVersion.Ikev2, KeyExchangeNames);
        if (!read.Has("keyexchange"))
        {
            version = read.Choice("ikev2", IkeVersion.Ikev2, Ikev2Names);
        }

        var setting = read.Get("keyexchange") ?? read.Get("ikev2");
        if (version == IkeVersion.Ikev1 && setting is not null)
        {
            read.Diagnostics.Error(setting.ValueLocation, setting.Key, $"'{setting.Key}={setting.Value}' asks for IKEv1, which SwanShell does not support", "use keyexchange=ikev2");
        }

        return version;
    }

    private EquatableList<Proposal>? ReadProposals(SettingReader read, string key, SecurityProtocol protocol)
    {
        if (read.Get(key) is not { } setting)
        {
            return null;
        }

        if (_proposals.TryGetValue((protocol, setting.Value), out var known))
        {
            return known;
        }

        // Only a text that parsed without a word is kept: any other is parsed again, so that each line gets its diagnostics.
        var diagnostics = read.Diagnostics.Items.Count;
        var proposals = ProposalParser.Parse(protocol, setting, read.Diagnostics);
        if (proposals is not null && read.Diagnostics.Items.Count == diagnostics)
        {
            _proposals[(protocol, setting.Value)] = proposals;
        }

        return proposals;
    }

    private static void ReadPhase2(SettingReader read)
    {
        if (read.Get("phase2") is { } setting && !string.Equals(setting.Value, "esp", StringComparison.OrdinalIgnoreCase))
        {
            var supported = string.Equals(setting.Value, "ah", StringComparison.OrdinalIgnoreCase);
            read.Diagnostics.Error(setting.ValueLocation, "phase2", supported ? "phase2=ah is not supported by SwanShell" : $"invalid value '{setting.Value}' for 'phase2': expected esp or ah", "use phase2=esp");
        }
    }

    private static uint ReadPercent(SettingReader read, string key, uint fallback)
    {
        if (read.Get(key) is not { } setting)
        {
            return fallback;
        }

        var text = setting.Value.EndsWith('%') ? setting.Value[..^1] : setting.Value;
        if (!uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var percent))
        {
            read.Invalid(setting, "a percentage such as 100%");
            return fallback;
        }

        return percent;
    }

    private static uint? ReadKeyingTries(SettingReader read)
    {
        if (read.Get("keyingtries") is not { } setting || string.Equals(setting.Value, "%forever", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var tries = (uint?)read.Number("keyingtries", 0, uint.MaxValue);
        return tries == 0 ? null : tries;
    }

    private static XfrmMark? ReadMark(SettingReader read, string key)
    {
        if (read.Get(key) is not { } setting)
        {
            return null;
        }

        if (!XfrmMark.TryParse(setting.Value, out var mark))
        {
            read.Invalid(setting, "value/mask such as 0x10/0xffffffff, or -1 for a unique mark");
        }

        return mark;
    }

    private static ShuntPolicy ReadShunt(SettingReader read, string key, ShuntPolicy fallback) =>
        read.Choice(key, fallback, ShuntNames);

    private static EquatableList<IPNetwork> ReadSubnets(SettingReader read, string key)
    {
        if (read.Get(key) is not { } setting)
        {
            return new([]);
        }

        var subnets = new List<IPNetwork>();
        foreach (var part in setting.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (StrictAddress.TryParseNetwork(part, out var network, out var error))
            {
                subnets.Add(network);
            }
            else
            {
                read.Diagnostics.Error(setting.ValueLocation, key, $"invalid value '{setting.Value}' for '{key}': {error}");
            }
        }

        return new(subnets);
    }

    private static void CheckAcrossKeywords(SettingReader read, ConnectionDefinition conn)
    {
        // An additional key exchange (RFC 9370) is PFS as well: without PFS no Child SA exchange carries any.
        var method = conn.Esp.SelectMany(p => p.KeyExchange.Concat(p.AdditionalKeyExchanges.SelectMany(slot => slot))).FirstOrDefault(m => m != KeyExchangeMethod.None);
        if (!conn.Pfs && method != KeyExchangeMethod.None && read.Get("esp") is { } esp)
        {
            var group = AlgorithmNames.Name(method);
            read.Diagnostics.Error(esp.ValueLocation, "esp", $"esp= names the key exchange '{group}' but pfs=no", $"remove ';{group}' from esp= or set pfs=yes");
        }

        var left = Family(conn.Left);
        var right = Family(conn.Right);
        if (left is not null && right is not null && left != right)
        {
            var setting = read.Get("rightsubnet") ?? read.Get("right")!;
            read.Diagnostics.Error(setting.ValueLocation, setting.Key, $"conn '{conn.Name}' mixes IPv4 and IPv6: left is {Describe(left.Value)}, right is {Describe(right.Value)}", "use one address family on both ends (or two conns)");
        }
    }

    /// <summary>The address family an end's traffic has, from its subnets or else its address.</summary>
    private static AddressFamily? Family(ConnectionEnd end) =>
        end.Subnets.Count > 0 ? end.Subnets[0].BaseAddress.AddressFamily : end.Host.Kind == HostAddressKind.Address ? end.Host.Family : null;

    private static string Describe(AddressFamily family) => family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";

    private static bool ParseAddress(string text, out IPAddress address, out string? error)
    {
        var valid = StrictAddress.TryParse(text, out address);
        error = valid ? null : "expected an IP address";
        return valid;
    }

    private static bool ParseHex(string text, out string hex, out string? error)
    {
        hex = text.ToLowerInvariant();
        var valid = text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit);
        error = valid ? null : "expected hex digits (the CKAID of the key)";
        return valid;
    }

    private static bool ParsePool(string text, out AddressPool pool, out string? error)
    {
        var valid = AddressPool.TryParse(text, out var parsed, out error);
        pool = parsed!;
        return valid;
    }
}
