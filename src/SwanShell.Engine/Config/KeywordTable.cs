using System.Collections.Frozen;

namespace SwanShell.Engine.Config;

/// <summary>
/// Every keyword libreswan 4.x/5.x accepts in <c>config setup</c> and <c>conn</c> sections, with what SwanShell
/// does with it. Per-end keywords are stored once, without their <c>left</c>/<c>right</c> prefix.
/// </summary>
internal static class KeywordTable
{
    private const string RouteBased = "route-based (VTI/XFRMi) tunnels are not supported by SwanShell yet";
    private const string Ikev1Only = "it belongs to IKEv1 (XAUTH/ModeCfg/aggressive mode), which SwanShell does not speak";

    private static readonly FrozenDictionary<string, Keyword> Setup = Build(perEnd: false,
    [
        Supported("logfile", "logappend", "logtime", "logip", "uniqueids", "ikev1-policy", "protostack", "listen",
            "listen-udp", "listen-tcp", "keep-alive", "nhelpers", "shuntlifetime", "ddos-mode", "ddos-ike-threshold",
            "max-halfopen-ike", "secretsfile", "ipsecdir", "nssdir", "myvendorid", "nflog-all"),
        Unsupported("it is a command-line option of the daemon, not a config setup keyword", DiagnosticSeverity.Warning, "rundir", "logstderr"),
        Unsupported("the daemon logs at one level (SA state changes, kernel changes and failures, each with its connection and SA serial); "
            + "to see the lines of one operation, run its cmdlet with -Verbose (ipsec auto --verbose)", DiagnosticSeverity.Warning, "plutodebug"),
        Unsupported(null, DiagnosticSeverity.Warning, "audit-log", "loglimit", "virtual-private", "seedbits", "seeddev",
            "expire-shunt-interval", "expire-lifetime", "global-redirect", "global-redirect-to", "crl-strict",
            "crlcheckinterval", "crl-timeout", "curl-iface", "ocsp-enable", "ocsp-strict", "ocsp-timeout", "ocsp-uri",
            "ocsp-trustname", "ocsp-cache-size", "ocsp-cache-min-age", "ocsp-cache-max-age", "ocsp-method",
            "dnssec-enable", "dnssec-rootkey-file", "dnssec-anchors", "dns-resolver", "dumpdir", "statsbin",
            "seccomp", "drop-oppo-null", "ipsec-interface-managed", "ike-socket-bufsize",
            "ike-socket-errqueue"),
        [Alias("xfrmlifetime", "expire-lifetime"), Alias("curl-timeout", "crl-timeout")],
        [
            Obsolete("interfaces", "listen= (XFRM needs no interface list; SwanShell listens on every address unless listen= names one)"),
            Obsolete("klipsdebug", "nothing: KLIPS is gone, the Linux stack is XFRM"),
            Obsolete("plutostderrlog", "logfile="),
            Obsolete("syslog", "logfile="),
            Obsolete("virtual_private", "virtual-private="),
            Obsolete("nat_traversal", "nothing: NAT traversal is always on"),
            Obsolete("keep_alive", "keep-alive="),
            Obsolete("force_keepalive", "nat-keepalive= in the conn"),
            Obsolete("oe", "policy groups in ipsec.d/policies"),
            Obsolete("overridemtu", "mtu= in the conn"),
            Obsolete("hidetos", "nothing: it was KLIPS-only"),
            Obsolete("plutofork", "nothing: the daemon's start-up is handled by Invoke-IpsecSetup"),
            Obsolete("ikev1-secctx-attr-type", "nothing: labeled IPsec is configured with sec-label="),
            Obsolete("secctx-attr-type", "nothing: labeled IPsec is configured with sec-label="),
        ],
    ]);

    private static readonly FrozenDictionary<string, Keyword> Conn = Build(perEnd: false,
    [
        Supported("also", "auto", "type", "authby", "keyexchange", "ike", "esp", "phase2", "pfs", "ikelifetime",
            "ipsec-lifetime", "rekey", "rekeymargin", "rekeyfuzz", "keyingtries", "dpddelay", "dpdtimeout",
            "retransmit-timeout", "retransmit-interval", "encapsulation", "fragmentation", "mobike", "narrowing",
            "mark", "mark-in", "mark-out", "nflog-group", "replay-window", "sha2-truncbug", "reqid", "priority",
            "ipsec-max-bytes", "ipsec-max-packets", "esn", "failureshunt", "negotiationshunt", "nat-keepalive",
            "connalias"),
        [new Keyword("ikev2", false, KeywordStatus.Deprecated, "keyexchange=ikev2 (or keyexchange=ikev1 for ikev2=no)")],
        Unsupported(Ikev1Only, DiagnosticSeverity.Warning, "aggressive", "xauthby", "xauthfail", "modecfgpull",
            "modecfgdns", "modecfgdomains", "modecfgbanner", "ignore-peer-dns", "remote-peer-type", "cisco-unity",
            "cisco-split", "nm-configured", "share-lease"),
        Unsupported(RouteBased, DiagnosticSeverity.Error, "vti-interface", "vti-routing", "vti-shared", "ipsec-interface"),
        Unsupported(null, DiagnosticSeverity.Warning, "ppk", "ppk-ids", "pfs-rekey-workaround", "ms-dh-downgrade",
            "intermediate", "session-resumption", "send-supported-auth-methods", "reauth", "tfc",
            "send-esp-tfc-padding-not-supported", "decap-dscp", "encap-dscp", "nopmtudisc", "iptfs", "nic-offload",
            "ikepad", "nat-ikev1-method", "enable-tcp", "tcp-remoteport", "accept-redirect", "accept-redirect-to",
            "send-redirect", "redirect-to", "metric", "mtu", "sec-label", "overlapip", "clones", "debug",
            "require-id-on-certificate", "dns-match-id", "pam-authorize", "initial-contact", "fake-strongswan",
            "send-vendorid", "sendca", "hostaddrfamily", "compress", "ah", "reject-simultaneous-ike-auth",
            "iptfs-fragmentation", "iptfs-packet-size", "iptfs-max-queue-size", "iptfs-reorder-window", "iptfs-init-delay",
            "iptfs-drop-time"),
        [
            Alias("phase2alg", "esp"), Alias("salifetime", "ipsec-lifetime"), Alias("keylife", "ipsec-lifetime"),
            Alias("lifetime", "ipsec-lifetime"), Alias("ikev1-dpdtimeout", "dpdtimeout"), Alias("nflog", "nflog-group"),
            Alias("aggrmode", "aggressive"), Alias("remote_peer_type", "remote-peer-type"), Alias("policy-label", "sec-label"),
            Alias("send-no-esp-tfc", "send-esp-tfc-padding-not-supported"),
        ],
        [
            Obsolete("dpdaction", "auto= (after a liveness failure, auto=start and auto=keep revive the connection)"),
            Obsolete("clientaddrfamily", "nothing: the address family is read from the subnets"),
            Obsolete("forceencaps", "encapsulation=yes"),
            Obsolete("alsoflip", "a section written with left and right swapped, used with also="),
            Obsolete("labeled-ipsec", "sec-label="),
            Obsolete("sareftrack", "nothing: it was KLIPS-only"),
        ],
    ]);

    private static readonly FrozenDictionary<string, Keyword> PerEnd = Build(perEnd: true,
    [
        Supported(string.Empty, "id", "subnet", "sourceip", "nexthop", "ikeport", "updown", "cert", "ca", "sendcert",
            "auth", "rsasigkey", "ecdsakey", "pubkey", "ckaid", "addresspool"),
        [
            new Keyword("subnets", true, KeywordStatus.Unsupported,
                "SwanShell does not expand subnets= into one conn per pair; list the selectors in subnet=a,b or write one conn per pair",
                DiagnosticSeverity.Error),
            new Keyword("protoport", true, KeywordStatus.Unsupported,
                "SwanShell cannot restrict a conn to a protocol or port yet, so it would protect more traffic than asked",
                DiagnosticSeverity.Error),
        ],
        Unsupported(RouteBased, DiagnosticSeverity.Error, "vti", "interface-ip"),
        Unsupported(Ikev1Only, DiagnosticSeverity.Warning, "xauthserver", "xauthclient", "username", "modecfgserver",
            "modecfgclient"),
        Unsupported(null, DiagnosticSeverity.Warning, "autheap", "eddsakey", "cat", "groundhog", "updown-config"),
        [Alias("xauthusername", "username")],
        [Obsolete("firewall", "updown= (the updown script sets firewall rules)")],
    ]);

    /// <summary>Finds <paramref name="name"/> in a section, aliases resolved to their target; <paramref name="canonical"/> is the target's name with the end prefix kept.</summary>
    public static Keyword? Find(KeywordSection section, string name, out string canonical)
    {
        ArgumentNullException.ThrowIfNull(name);
        canonical = name.Any(char.IsAsciiLetterUpper) ? name.ToLowerInvariant() : name;
        var table = section == KeywordSection.Setup ? Setup : Conn;
        if (table.TryGetValue(canonical, out var keyword))
        {
            keyword = keyword.AliasOf is { } target ? table[target] : keyword;
            canonical = keyword.Name;
            return keyword;
        }

        var end = section == KeywordSection.Conn ? EndPrefix(canonical) : null;
        if (end is not null && PerEnd.TryGetValue(canonical[end.Length..], out keyword))
        {
            keyword = keyword.AliasOf is { } target ? PerEnd[target] : keyword;
            canonical = end + keyword.Name;
            return keyword;
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a per-end keyword written without its <c>left</c>/<c>right</c>.</summary>
    public static bool IsPerEndWithoutEnd(string name) =>
        name.Length > 0 && PerEnd.ContainsKey(name.ToLowerInvariant());

    /// <summary>
    /// Every name valid in a section (per-end keywords with both prefixes), for "did you mean": keywords SwanShell
    /// reads come first, so that a typo is matched to one of them when it is as close to an unsupported one.
    /// </summary>
    public static IReadOnlyList<string> Names(KeywordSection section) => section == KeywordSection.Setup ? SetupNames : ConnNames;

    private static readonly string[] SetupNames = Ordered(Setup.Values.Select(keyword => (keyword, keyword.Name)));

    private static readonly string[] ConnNames = Ordered(
        Conn.Values.Select(keyword => (keyword, keyword.Name))
            .Concat(PerEnd.Values.SelectMany(keyword => new[] { (keyword, "left" + keyword.Name), (keyword, "right" + keyword.Name) })));

    private static string[] Ordered(IEnumerable<(Keyword Keyword, string Name)> names) =>
        [.. names.OrderBy(pair => pair.Keyword.Status is KeywordStatus.Supported or KeywordStatus.Deprecated ? 0 : 1).ThenBy(pair => pair.Name, StringComparer.Ordinal).Select(pair => pair.Name)];

    /// <summary>Every supported keyword of a section, per-end ones without prefix.</summary>
    public static IEnumerable<Keyword> All(KeywordSection section) =>
        section == KeywordSection.Setup ? Setup.Values : Conn.Values.Concat(PerEnd.Values);

    private static string? EndPrefix(string name) =>
        name.StartsWith("left", StringComparison.Ordinal) ? "left" : name.StartsWith("right", StringComparison.Ordinal) ? "right" : null;

    private static Keyword[] Supported(params string[] names) =>
        [.. names.Select(name => new Keyword(name, false, KeywordStatus.Supported))];

    private static Keyword[] Unsupported(string? note, DiagnosticSeverity severity, params string[] names) =>
        [.. names.Select(name => new Keyword(name, false, KeywordStatus.Unsupported, note, severity))];

    private static Keyword Alias(string name, string target) => new(name, false, KeywordStatus.Supported, AliasOf: target);

    private static Keyword Obsolete(string name, string replacement) => new(name, false, KeywordStatus.Obsolete, replacement);

    private static FrozenDictionary<string, Keyword> Build(bool perEnd, Keyword[][] groups) =>
        groups.SelectMany(group => group)
            .Select(keyword => keyword with { PerEnd = perEnd })
            .ToFrozenDictionary(keyword => keyword.Name, StringComparer.Ordinal);
}
