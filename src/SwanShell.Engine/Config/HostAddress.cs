using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>Where an end of a connection is: an address, a DNS name, or one of libreswan's <c>%</c> values (<see cref="Name"/> holds the name or interface).</summary>
public sealed record HostAddress(HostAddressKind Kind, IPAddress? Address = null, string? Name = null)
{
    private static readonly string[] Specials = ["%defaultroute", "%any", "%any6", "%direct", "%opportunistic", "%oppo", "%opportunisticgroup", "%oppogroup", "%group"];

    /// <summary>Reads a host; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string text, out HostAddress host, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        host = new HostAddress(HostAddressKind.Any);
        switch (text.ToLowerInvariant())
        {
            case "%defaultroute":
                host = new HostAddress(HostAddressKind.DefaultRoute);
                return true;
            case "%any":
                return true;
            case "%any6":
                host = new HostAddress(HostAddressKind.Any, IPAddress.IPv6Any);
                return true;
            case "%direct":
                host = new HostAddress(HostAddressKind.Direct);
                return true;
            case "%opportunistic" or "%oppo":
                host = new HostAddress(HostAddressKind.Opportunistic);
                return true;
            case "%opportunisticgroup" or "%oppogroup":
                host = new HostAddress(HostAddressKind.OpportunisticGroup);
                return true;
            case "%group":
                host = new HostAddress(HostAddressKind.Group);
                return true;
        }

        if (text.StartsWith('%'))
        {
            var name = text[1..];
            var typo = EditDistance.Closest(text.ToLowerInvariant(), Specials);
            if (typo is not null || !IsInterfaceName(name))
            {
                error = typo is not null ? $"'{text}' is not a known %-value; did you mean '{typo}'?" : $"'{text}' is not an interface name";
                return false;
            }

            host = new HostAddress(HostAddressKind.Interface, Name: name);
            return true;
        }

        if (StrictAddress.TryParse(text, out var address))
        {
            host = new HostAddress(HostAddressKind.Address, address);
            return true;
        }

        if (StrictAddress.LooksLikeAddress(text) || !IsHostName(text))
        {
            error = $"'{text}' is not an IP address or DNS name";
            return false;
        }

        host = new HostAddress(HostAddressKind.HostName, Name: text);
        return true;
    }

    /// <summary>The address family this host pins, if any.</summary>
    public AddressFamily? Family => Address?.AddressFamily;

    /// <summary>Letters, digits, '-' and '_' in dot-separated labels, with a letter somewhere (so "10.1.2" is not a name).</summary>
    public static bool IsHostName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length is > 0 and <= 253 && text.Any(char.IsAsciiLetter) &&
            text.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    private static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= 15 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The written form, as <see cref="TryParse"/> reads it back.</summary>
    public override string ToString() => Kind switch
    {
        HostAddressKind.Address => Address!.ToString(),
        HostAddressKind.HostName => Name!,
        HostAddressKind.DefaultRoute => "%defaultroute",
        HostAddressKind.Any => Address is null ? "%any" : "%any6",
        HostAddressKind.Interface => "%" + Name,
        HostAddressKind.Direct => "%direct",
        HostAddressKind.Opportunistic => "%opportunistic",
        HostAddressKind.OpportunisticGroup => "%opportunisticgroup",
        _ => "%group",
    };
}
