using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Ike;

/// <summary>
/// One Traffic Selector (RFC 7296 §3.13.1). Address ranges (types 7 and 8) are decoded; other types (such as
/// RFC 9478 security labels) are kept as their raw selector so negotiation can refuse them knowingly.
/// <code>
/// |   TS Type     |IP Protocol ID*|       Selector Length         |
/// |           Start Port*         |           End Port*           |
/// ~                         Starting Address*                     ~
/// ~                         Ending Address*                       ~
/// </code>
/// </summary>
public sealed class TrafficSelector
{
    private TrafficSelector(TrafficSelectorType type, byte ipProtocolId, ushort startPort, ushort endPort, IPAddress? startAddress, IPAddress? endAddress, ReadOnlyMemory<byte> rawSelector)
    {
        Type = type;
        IpProtocolId = ipProtocolId;
        StartPort = startPort;
        EndPort = endPort;
        StartAddress = startAddress;
        EndAddress = endAddress;
        RawSelector = rawSelector;
    }

    public TrafficSelectorType Type { get; }

    /// <summary>0 for any protocol.</summary>
    public byte IpProtocolId { get; }

    public ushort StartPort { get; }

    public ushort EndPort { get; }

    /// <summary>Null for a selector type that is not an address range.</summary>
    public IPAddress? StartAddress { get; }

    public IPAddress? EndAddress { get; }

    /// <summary>The selector after TS Type and Selector Length, for types that are not address ranges.</summary>
    public ReadOnlyMemory<byte> RawSelector { get; }

    internal int Length => StartAddress is null ? 4 + RawSelector.Length : AddressRangeLength(Type);

    public static TrafficSelector AddressRange(IPAddress startAddress, IPAddress endAddress, byte ipProtocolId = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(startAddress);
        ArgumentNullException.ThrowIfNull(endAddress);
        if (startAddress.AddressFamily != endAddress.AddressFamily)
        {
            throw new ArgumentException("both ends of a range are of one address family", nameof(endAddress));
        }

        var type = startAddress.AddressFamily == AddressFamily.InterNetworkV6 ? TrafficSelectorType.TS_IPV6_ADDR_RANGE : TrafficSelectorType.TS_IPV4_ADDR_RANGE;
        return new TrafficSelector(type, ipProtocolId, startPort, endPort, startAddress, endAddress, ReadOnlyMemory<byte>.Empty);
    }

    internal void Write(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        if (StartAddress is null)
        {
            destination[1] = 0;
            RawSelector.Span.CopyTo(destination[4..]);
            return;
        }

        destination[1] = IpProtocolId;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], StartPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], EndPort);
        var addressLength = (Length - 8) / 2;
        StartAddress.TryWriteBytes(destination[8..], out _);
        EndAddress!.TryWriteBytes(destination[(8 + addressLength)..], out _);
    }

    /// <summary>Reads one selector from the start of <paramref name="data"/>; returns its length.</summary>
    internal static int Read(ReadOnlyMemory<byte> data, out TrafficSelector selector)
    {
        var span = data.Span;
        if (span.Length < 4)
        {
            throw IkeProtocolException.InvalidSyntax("a traffic selector is cut off");
        }

        var type = (TrafficSelectorType)span[0];
        int length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (length < 4 || length > span.Length)
        {
            throw IkeProtocolException.InvalidSyntax($"a traffic selector claims {length} bytes of {span.Length}");
        }

        if (type is not (TrafficSelectorType.TS_IPV4_ADDR_RANGE or TrafficSelectorType.TS_IPV6_ADDR_RANGE))
        {
            selector = new TrafficSelector(type, 0, 0, 0, null, null, data[4..length]);
            return length;
        }

        if (length != AddressRangeLength(type))
        {
            throw IkeProtocolException.InvalidSyntax($"a {type} selector of {length} bytes, not {AddressRangeLength(type)}");
        }

        var addressLength = (length - 8) / 2;
        selector = new TrafficSelector(
            type,
            span[1],
            BinaryPrimitives.ReadUInt16BigEndian(span[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(span[6..]),
            new IPAddress(span.Slice(8, addressLength)),
            new IPAddress(span.Slice(8 + addressLength, addressLength)),
            ReadOnlyMemory<byte>.Empty);
        return length;
    }

    private static int AddressRangeLength(TrafficSelectorType type) => type == TrafficSelectorType.TS_IPV6_ADDR_RANGE ? 40 : 16;

    public override string ToString() => StartAddress is null
        ? $"{Type} ({RawSelector.Length} bytes)"
        : $"{StartAddress}-{EndAddress} proto {IpProtocolId} ports {StartPort}-{EndPort}";
}
