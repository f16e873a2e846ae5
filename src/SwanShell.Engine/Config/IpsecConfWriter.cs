using System.Globalization;
using System.Text;

namespace SwanShell.Engine.Config;

/// <summary>
/// Writes a <see cref="ConnectionDefinition"/> as an ipsec.conf <c>conn</c> section that
/// <see cref="IpsecConfReader"/> reads back to the same definition; values equal to libreswan's defaults are left out.
/// </summary>
public static class IpsecConfWriter
{
    public static string Write(ConnectionDefinition conn)
    {
        ArgumentNullException.ThrowIfNull(conn);
        var text = new StringBuilder();
        text.Append("conn ").Append(conn.Name).Append('\n');
        var defaults = new ConnectionDefinition { Name = conn.Name, Left = conn.Left, Right = conn.Right };
        var derivedAuth = conn.AuthBy.Count == 1 ? conn.AuthBy[0] : (AuthenticationMethod?)null;
        var asymmetric = conn.Left.Authentication != derivedAuth || conn.Right.Authentication != derivedAuth;
        WriteEnd(text, "left", conn.Left, asymmetric);
        WriteEnd(text, "right", conn.Right, asymmetric);
        void Add<T>(string key, T value, T fallback, Func<T, string>? format = null)
        {
            if (!EqualityComparer<T>.Default.Equals(value, fallback))
            {
                Setting(text, key, format is null ? Word(value) : format(value));
            }
        }

        Add("auto", conn.Auto, defaults.Auto);
        Add("type", conn.Type, defaults.Type);
        Add("keyexchange", conn.KeyExchange, defaults.KeyExchange);
        if (!asymmetric)
        {
            Add("authby", conn.AuthBy, defaults.AuthBy, methods => string.Join(',', methods.Select(AuthName)));
        }

        Add("ike", conn.Ike, defaults.Ike, proposals => string.Join(',', proposals));
        Add("esp", conn.Esp, defaults.Esp, proposals => string.Join(',', proposals));
        Add("pfs", conn.Pfs, defaults.Pfs);
        Add("ikelifetime", conn.IkeLifetime, defaults.IkeLifetime, ConfigDuration.Format);
        Add("ipsec-lifetime", conn.IpsecLifetime, defaults.IpsecLifetime, ConfigDuration.Format);
        Add("ipsec-max-bytes", conn.IpsecMaxBytes, defaults.IpsecMaxBytes);
        Add("ipsec-max-packets", conn.IpsecMaxPackets, defaults.IpsecMaxPackets);
        Add("rekey", conn.Rekey, defaults.Rekey);
        Add("rekeymargin", conn.RekeyMargin, defaults.RekeyMargin, ConfigDuration.Format);
        Add("rekeyfuzz", conn.RekeyFuzzPercent, defaults.RekeyFuzzPercent, percent => $"{percent}%");
        Add("keyingtries", conn.KeyingTries, defaults.KeyingTries);
        Add("dpddelay", conn.DpdDelay, defaults.DpdDelay, ConfigDuration.Format);
        Add("dpdtimeout", conn.DpdTimeout, defaults.DpdTimeout, ConfigDuration.Format);
        Add("retransmit-timeout", conn.RetransmitTimeout, defaults.RetransmitTimeout, ConfigDuration.Format);
        Add("retransmit-interval", conn.RetransmitInterval, defaults.RetransmitInterval, ConfigDuration.Format);
        Add("encapsulation", conn.Encapsulation, defaults.Encapsulation);
        Add("nat-keepalive", conn.NatKeepalive, defaults.NatKeepalive);
        Add("fragmentation", conn.Fragmentation, defaults.Fragmentation);
        Add("mobike", conn.Mobike, defaults.Mobike);
        Add("narrowing", conn.Narrowing, defaults.Narrowing);
        Add("sha2-truncbug", conn.Sha2Truncbug, defaults.Sha2Truncbug);
        Add("esn", conn.Esn, defaults.Esn);
        Add("replay-window", conn.ReplayWindow, defaults.ReplayWindow);
        Add("mark", conn.Mark, defaults.Mark);
        Add("mark-in", conn.MarkIn, defaults.MarkIn);
        Add("mark-out", conn.MarkOut, defaults.MarkOut);
        Add("nflog-group", conn.NflogGroup, defaults.NflogGroup);
        Add("reqid", conn.Reqid, defaults.Reqid);
        Add("priority", conn.Priority, defaults.Priority);
        Add("failureshunt", conn.FailureShunt, defaults.FailureShunt);
        Add("negotiationshunt", conn.NegotiationShunt, defaults.NegotiationShunt);
        Add("connalias", conn.Aliases, defaults.Aliases, aliases => string.Join(',', aliases));
        return text.ToString();
    }

    private static void WriteEnd(StringBuilder text, string end, ConnectionEnd value, bool asymmetric)
    {
        var defaults = new ConnectionEnd { Host = value.Host };
        Setting(text, end, value.Host.ToString());
        void Add<T>(string key, T item, T fallback, Func<T, string>? format = null)
        {
            if (!EqualityComparer<T>.Default.Equals(item, fallback))
            {
                Setting(text, end + key, format is null ? Word(item) : format(item));
            }
        }

        Add("id", value.Id, defaults.Id);
        Add("subnet", value.Subnets, defaults.Subnets, subnets => string.Join(',', subnets));
        Add("sourceip", value.SourceIp, defaults.SourceIp);
        Add("nexthop", value.NextHop, defaults.NextHop);
        Add("ikeport", value.IkePort, defaults.IkePort);
        Add("updown", value.Updown, defaults.Updown, updown => updown ?? "%disabled");
        Add("cert", value.Certificate, defaults.Certificate);
        Add("ca", value.CertificateAuthority, defaults.CertificateAuthority);
        Add("sendcert", value.SendCertificate, defaults.SendCertificate);
        if (asymmetric && value.Authentication is { } method)
        {
            Setting(text, end + "auth", AuthName(method));
        }

        Add("rsasigkey", value.RsaSigKey, defaults.RsaSigKey);
        Add("ecdsakey", value.EcdsaKey, defaults.EcdsaKey);
        Add("pubkey", value.PublicKey, defaults.PublicKey);
        Add("ckaid", value.Ckaid, defaults.Ckaid);
        Add("addresspool", value.AddressPool, defaults.AddressPool);
    }

    private static void Setting(StringBuilder text, string key, string value)
    {
        var quote = value.Length == 0 || value.Any(c => c is ' ' or '\t' or '#');
        text.Append('\t').Append(key).Append('=');
        text.Append(quote ? $"\"{value}\"" : value).Append('\n');
    }

    /// <summary>Enums as libreswan spells them (<see cref="AutoStart.OnDemand"/> is <c>ondemand</c>), booleans as yes/no.</summary>
    private static string Word<T>(T value) => value switch
    {
        bool flag => flag ? "yes" : "no",
        SendCertificatePolicy.IfAsked => "sendifasked",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture).ToLowerInvariant(),
        _ => value?.ToString() ?? string.Empty,
    };

    private static string AuthName(AuthenticationMethod method) => method.ToString().ToLowerInvariant() switch
    {
        "rsasha1" => "rsa-sha1",
        var name when name.StartsWith("rsasha2_", StringComparison.Ordinal) => "rsa-" + name[3..],
        var name when name.StartsWith("ecdsasha2_", StringComparison.Ordinal) => "ecdsa-" + name[5..],
        var name => name,
    };
}
