using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>
/// Which packets a policy or SA applies to: source and destination networks, IP protocol (0 = any) and
/// port ranges (the whole range = any), as the kernel matches them.
/// </summary>
public sealed record TrafficSelector(
    IPNetwork Source,
    IPNetwork Destination,
    byte Protocol = 0,
    ushort SourcePortStart = 0,
    ushort SourcePortEnd = ushort.MaxValue,
    ushort DestinationPortStart = 0,
    ushort DestinationPortEnd = ushort.MaxValue)
{
    /// <summary>Everything between two networks.</summary>
    public static TrafficSelector Between(IPNetwork source, IPNetwork destination) => new(source, destination);

    public bool Matches(IPAddress source, IPAddress destination, byte protocol = 0, ushort sourcePort = 0, ushort destinationPort = 0) =>
        Source.Contains(source) && Destination.Contains(destination)
        && (Protocol == 0 || Protocol == protocol)
        && sourcePort >= SourcePortStart && sourcePort <= SourcePortEnd
        && destinationPort >= DestinationPortStart && destinationPort <= DestinationPortEnd;

    /// <summary>The same traffic seen from the other direction.</summary>
    public TrafficSelector Reverse() =>
        new(Destination, Source, Protocol, DestinationPortStart, DestinationPortEnd, SourcePortStart, SourcePortEnd);

    public override string ToString()
    {
        var protocol = Protocol == 0 ? string.Empty : $" proto {Protocol}";
        return $"{Source}{Ports(SourcePortStart, SourcePortEnd)} -> {Destination}{Ports(DestinationPortStart, DestinationPortEnd)}{protocol}";
    }

    private static string Ports(ushort start, ushort end) =>
        start == 0 && end == ushort.MaxValue ? string.Empty : start == end ? $"[{start}]" : $"[{start}-{end}]";
}
