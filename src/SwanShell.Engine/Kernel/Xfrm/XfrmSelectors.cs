using System.Net;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// <see cref="TrafficSelector"/> ↔ struct xfrm_selector. XFRM matches a port under a mask, not a range, so a range
/// must be one port, all ports, or an aligned power-of-two block; anything else cannot be installed as one selector.
/// </summary>
internal static class XfrmSelectors
{
    public static XfrmSelector From(TrafficSelector selector)
    {
        var (sourcePort, sourceMask) = PortAndMask(selector.SourcePortStart, selector.SourcePortEnd, selector);
        var (destinationPort, destinationMask) = PortAndMask(selector.DestinationPortStart, selector.DestinationPortEnd, selector);
        return new XfrmSelector
        {
            DestinationAddress = XfrmAddress.From(selector.Destination.BaseAddress),
            SourceAddress = XfrmAddress.From(selector.Source.BaseAddress),
            DestinationPort = BigEndian.Swap(destinationPort),
            DestinationPortMask = BigEndian.Swap(destinationMask),
            SourcePort = BigEndian.Swap(sourcePort),
            SourcePortMask = BigEndian.Swap(sourceMask),
            Family = AddressFamilies.Of(selector.Source.BaseAddress),
            DestinationPrefixLength = (byte)selector.Destination.PrefixLength,
            SourcePrefixLength = (byte)selector.Source.PrefixLength,
            Protocol = selector.Protocol,
        };
    }

    public static TrafficSelector To(in XfrmSelector selector)
    {
        var (sourceStart, sourceEnd) = Range(BigEndian.Swap(selector.SourcePort), BigEndian.Swap(selector.SourcePortMask));
        var (destinationStart, destinationEnd) = Range(BigEndian.Swap(selector.DestinationPort), BigEndian.Swap(selector.DestinationPortMask));
        return new TrafficSelector(
            new IPNetwork(selector.SourceAddress.ToIPAddress(selector.Family), selector.SourcePrefixLength),
            new IPNetwork(selector.DestinationAddress.ToIPAddress(selector.Family), selector.DestinationPrefixLength),
            selector.Protocol,
            sourceStart,
            sourceEnd,
            destinationStart,
            destinationEnd);
    }

    /// <summary>The selector of an SA that may carry anything between its addresses' families (what "no selector" installs).</summary>
    public static XfrmSelector Any(ushort family) => new() { Family = family };

    public static bool IsAny(in XfrmSelector selector) =>
        selector.SourcePrefixLength == 0 && selector.DestinationPrefixLength == 0 && selector.Protocol == 0
        && selector.SourcePortMask == 0 && selector.DestinationPortMask == 0;

    private static (ushort Port, ushort Mask) PortAndMask(ushort start, ushort end, TrafficSelector selector)
    {
        if (start == 0 && end == ushort.MaxValue)
        {
            return (0, 0);
        }

        var size = end - start + 1;
        if (size <= 0 || (size & (size - 1)) != 0 || start % size != 0)
        {
            throw new KernelException(KernelError.NotSupported, $"XFRM cannot match the port range {start}-{end} of {selector}: only single ports and aligned power-of-two blocks are expressible.");
        }

        return (start, (ushort)~(size - 1));
    }

    private static (ushort Start, ushort End) Range(ushort port, ushort mask) =>
        mask == 0 ? ((ushort)0, ushort.MaxValue) : ((ushort)(port & mask), (ushort)((port & mask) | (ushort)~mask));
}
