using System.Net;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Narrowing of traffic selectors (RFC 7296 §2.9): the responder answers with the intersection of what the
/// initiator proposed and what its policy allows, or TS_UNACCEPTABLE when that is empty.
/// </summary>
public static class TrafficSelectorNarrowing
{
    /// <summary>Every non-empty intersection of an offered selector with a configured one, offered order first.</summary>
    public static IReadOnlyList<TrafficSelector> Narrow(IReadOnlyList<TrafficSelector> offered, IReadOnlyList<TrafficSelector> configured)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(configured);
        var result = new List<TrafficSelector>();
        foreach (var theirs in offered)
        {
            foreach (var ours in configured)
            {
                if (Intersect(theirs, ours) is { } both && !result.Any(r => Same(r, both)))
                {
                    result.Add(both);
                }
            }
        }

        return result;
    }

    /// <summary>True when every selector in <paramref name="narrowed"/> lies within one of <paramref name="proposed"/>: what an initiator checks in the response.</summary>
    public static bool IsWithin(IReadOnlyList<TrafficSelector> narrowed, IReadOnlyList<TrafficSelector> proposed)
    {
        ArgumentNullException.ThrowIfNull(narrowed);
        ArgumentNullException.ThrowIfNull(proposed);
        return narrowed.Count > 0 && narrowed.All(n => proposed.Any(p => Intersect(n, p) is { } i && Same(i, n)));
    }

    private static TrafficSelector? Intersect(TrafficSelector a, TrafficSelector b)
    {
        if (a.StartAddress is null || b.StartAddress is null || a.Type != b.Type)
        {
            return null;
        }

        if (a.IpProtocolId != 0 && b.IpProtocolId != 0 && a.IpProtocolId != b.IpProtocolId)
        {
            return null;
        }

        var start = Max(a.StartAddress, b.StartAddress);
        var end = Min(a.EndAddress!, b.EndAddress!);
        var startPort = Math.Max(a.StartPort, b.StartPort);
        var endPort = Math.Min(a.EndPort, b.EndPort);
        if (Compare(start, end) > 0 || startPort > endPort)
        {
            return null;
        }

        return TrafficSelector.AddressRange(start, end, a.IpProtocolId != 0 ? a.IpProtocolId : b.IpProtocolId, (ushort)startPort, (ushort)endPort);
    }

    private static bool Same(TrafficSelector a, TrafficSelector b) =>
        a.Type == b.Type && a.IpProtocolId == b.IpProtocolId && a.StartPort == b.StartPort && a.EndPort == b.EndPort &&
        Compare(a.StartAddress!, b.StartAddress!) == 0 && Compare(a.EndAddress!, b.EndAddress!) == 0;

    private static IPAddress Max(IPAddress a, IPAddress b) => Compare(a, b) >= 0 ? a : b;

    private static IPAddress Min(IPAddress a, IPAddress b) => Compare(a, b) <= 0 ? a : b;

    private static int Compare(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());
}
