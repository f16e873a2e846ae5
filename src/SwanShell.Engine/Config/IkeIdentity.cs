using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>An IKE identity as <c>leftid=</c>/<c>rightid=</c> and ipsec.secrets write it; <see cref="Value"/> is the ID without its marker.</summary>
public sealed record IkeIdentity(IkeIdentityKind Kind, string Value)
{
    /// <summary>Reads an identity; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string text, out IkeIdentity identity, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        identity = new IkeIdentity(IkeIdentityKind.Any, string.Empty);
        error = null;
        switch (text.ToLowerInvariant())
        {
            case "%fromcert":
                identity = new IkeIdentity(IkeIdentityKind.FromCertificate, string.Empty);
                return true;
            case "%none":
                identity = new IkeIdentity(IkeIdentityKind.None, string.Empty);
                return true;
            case "%null":
                identity = new IkeIdentity(IkeIdentityKind.Null, string.Empty);
                return true;
            case "%any":
                return true;
            case "":
                error = "an identity cannot be empty";
                return false;
        }

        if (text.StartsWith("@#", StringComparison.Ordinal))
        {
            var hex = text[2..];
            var valid = hex.Length > 0 && hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit);
            identity = new IkeIdentity(IkeIdentityKind.KeyId, hex.ToLowerInvariant());
            error = valid ? null : $"'{text}' is not a key ID: '@#' must be followed by pairs of hex digits";
            return valid;
        }

        if (text.StartsWith("@[", StringComparison.Ordinal) && text.EndsWith(']') && text.Length > 3)
        {
            identity = new IkeIdentity(IkeIdentityKind.KeyId, Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(text[2..^1])));
            return true;
        }

        if (text.StartsWith('@'))
        {
            identity = new IkeIdentity(IkeIdentityKind.Fqdn, text[1..]);
            error = text.Length > 1 ? null : "'@' must be followed by a name, e.g. @vpn.example.com";
            return error is null;
        }

        if (text.StartsWith('%'))
        {
            error = $"'{text}' is not an identity; the special ones are %fromcert, %any, %none and %null";
            return false;
        }

        if (StrictAddress.TryParse(text, out var address))
        {
            var kind = address.AddressFamily == AddressFamily.InterNetwork ? IkeIdentityKind.Ipv4Address : IkeIdentityKind.Ipv6Address;
            identity = new IkeIdentity(kind, address.ToString());
            return true;
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            identity = new IkeIdentity(IkeIdentityKind.DistinguishedName, text);
            var rdns = text.Split(',', '/').Where(rdn => rdn.Trim().Length > 0);
            error = rdns.All(rdn => rdn.IndexOf('=', StringComparison.Ordinal) > 0) ? null : $"'{text}' is not a distinguished name: every part must be TYPE=value, e.g. \"C=CH, O=Example, CN=gw\"";
            return error is null;
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            identity = new IkeIdentity(IkeIdentityKind.UserFqdn, text);
            return true;
        }

        if (StrictAddress.LooksLikeAddress(text) || !HostAddress.IsHostName(text))
        {
            error = $"'{text}' is neither an IP address, @name, user@name nor a distinguished name";
            return false;
        }

        identity = new IkeIdentity(IkeIdentityKind.HostName, text);
        return true;
    }

    /// <summary>The written form, as <see cref="TryParse"/> reads it back.</summary>
    public override string ToString() => Kind switch
    {
        IkeIdentityKind.Fqdn => "@" + Value,
        IkeIdentityKind.KeyId => "@#" + Value,
        IkeIdentityKind.FromCertificate => "%fromcert",
        IkeIdentityKind.None => "%none",
        IkeIdentityKind.Null => "%null",
        IkeIdentityKind.Any => "%any",
        _ => Value,
    };
}
