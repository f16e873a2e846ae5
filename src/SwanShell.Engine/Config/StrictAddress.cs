using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>
/// IP addresses and prefixes as written in configuration: dotted quads and IPv6 only (IPAddress.TryParse
/// would also take "10" as 0.0.0.10), prefixes with no host bits set.
/// </summary>
internal static class StrictAddress
{
    public static bool TryParse(string text, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = IPAddress.None;
        var looksV4 = text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.');
        var looksV6 = text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal);
        return (looksV4 || looksV6) && IPAddress.TryParse(text, out address!);
    }

    /// <summary>Whether the text is meant as an address (all digits and dots, or has a colon), even if it is not a valid one.</summary>
    public static bool LooksLikeAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) || (text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.'));

    /// <summary>A CIDR prefix (or a bare address, as /32 or /128); <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParse(addressText, out var address))
        {
            error = $"'{addressText}' is not an IP address";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out prefix) || prefix < 0 || prefix > bits || text[(slash + 1)..].Any(c => !char.IsAsciiDigit(c))))
        {
            error = $"'{text[(slash + 1)..]}' is not a prefix length from 0 to {bits}";
            return false;
        }

        var candidate = new IPNetwork(Mask(address, prefix), prefix);
        if (!candidate.BaseAddress.Equals(address))
        {
            error = $"'{text}' has host bits set; did you mean '{candidate}'?";
            return false;
        }

        network = candidate;
        error = null;
        return true;
    }

    /// <summary>The last address of a prefix.</summary>
    public static IPAddress Last(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
