using System.Net;

namespace SwanShell.Engine.Config;

/// <summary><c>rightaddresspool=</c>: a range <c>first-last</c> or a prefix, from which road warriors get addresses.</summary>
public sealed record AddressPool(IPAddress First, IPAddress Last, int? PrefixLength)
{
    public static bool TryParse(string text, out AddressPool? pool, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pool = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!StrictAddress.TryParseNetwork(text, out var network, out error))
            {
                return false;
            }

            pool = new AddressPool(network.BaseAddress, StrictAddress.Last(network), network.PrefixLength);
            return true;
        }

        if (!StrictAddress.TryParse(text[..dash], out var first) || !StrictAddress.TryParse(text[(dash + 1)..], out var last) || first.AddressFamily != last.AddressFamily)
        {
            error = $"'{text}' is not a range of two addresses of one family, e.g. 10.1.0.10-10.1.0.250";
            return false;
        }

        if (Compare(first, last) > 0)
        {
            error = $"'{text}' ends before it starts";
            return false;
        }

        pool = new AddressPool(first, last, null);
        error = null;
        return true;
    }

    public override string ToString() => PrefixLength is { } prefix ? $"{First}/{prefix}" : $"{First}-{Last}";

    private static int Compare(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());
}
