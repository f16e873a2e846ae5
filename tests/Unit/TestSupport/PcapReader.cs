using System.Buffers.Binary;
using System.Net;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>One UDP datagram from a capture: its endpoints and its payload (after the UDP header).</summary>
internal sealed record UdpDatagram(IPEndPoint Source, IPEndPoint Destination, byte[] Payload);

/// <summary>
/// Reads the UDP/IPv4 datagrams of a classic libpcap file (microsecond or nanosecond timestamps, either byte order)
/// whose link type is Ethernet (with 802.1Q tags), Linux cooked capture v1 or v2, or raw IP. Other packets are
/// skipped; an IP fragment is refused, because reassembling them is beyond what captured IKE exchanges need.
/// </summary>
internal static class PcapReader
{
    private const uint Magic = 0xa1b2c3d4;
    private const uint MagicNanoseconds = 0xa1b23c4d;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeVlan = 0x8100;
    private const byte ProtocolUdp = 17;

    private enum LinkType : uint
    {
        Ethernet = 1,
        Raw = 101,
        LinuxCooked = 113,
        IPv4 = 228,
        LinuxCooked2 = 276,
    }

    public static IReadOnlyList<UdpDatagram> ReadUdp(string path) => ReadUdp(File.ReadAllBytes(path));

    public static IReadOnlyList<UdpDatagram> ReadUdp(ReadOnlySpan<byte> file)
    {
        if (file.Length < FileHeaderLength)
        {
            throw new InvalidDataException($"a {file.Length}-byte file is shorter than a pcap header");
        }

        var bigEndian = BinaryPrimitives.ReadUInt32BigEndian(file) is Magic or MagicNanoseconds;
        if (!bigEndian && BinaryPrimitives.ReadUInt32LittleEndian(file) is not (Magic or MagicNanoseconds))
        {
            throw new InvalidDataException("not a classic pcap file (pcapng is not supported)");
        }

        uint Read32(ReadOnlySpan<byte> s) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

        var linkType = (LinkType)(Read32(file[20..]) & 0x0fffffff);
        var datagrams = new List<UdpDatagram>();
        var offset = FileHeaderLength;
        while (offset < file.Length)
        {
            if (file.Length - offset < RecordHeaderLength)
            {
                throw new InvalidDataException($"a truncated record header at offset {offset}");
            }

            var capturedLength = (int)Read32(file[(offset + 8)..]);
            offset += RecordHeaderLength;
            if (capturedLength > file.Length - offset)
            {
                throw new InvalidDataException($"a record of {capturedLength} bytes runs past the end of the file");
            }

            if (IPv4Packet(linkType, file.Slice(offset, capturedLength)) is { IsEmpty: false } ip && Udp(ip) is { } datagram)
            {
                datagrams.Add(datagram);
            }

            offset += capturedLength;
        }

        return datagrams;
    }

    /// <summary>The IPv4 packet inside a link-layer frame; empty when it is something else.</summary>
    private static ReadOnlySpan<byte> IPv4Packet(LinkType linkType, ReadOnlySpan<byte> frame)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
                var etherTypeOffset = 12;
                while (frame.Length >= etherTypeOffset + 2 && BinaryPrimitives.ReadUInt16BigEndian(frame[etherTypeOffset..]) == EtherTypeVlan)
                {
                    etherTypeOffset += 4;
                }

                return EtherType(frame, etherTypeOffset, etherTypeOffset + 2);
            case LinkType.LinuxCooked:
                return EtherType(frame, 14, 16);
            case LinkType.LinuxCooked2:
                return EtherType(frame, 0, 20);
            case LinkType.Raw:
            case LinkType.IPv4:
                return frame.Length > 0 && frame[0] >> 4 == 4 ? frame : [];
            default:
                throw new InvalidDataException($"link type {(uint)linkType} is not supported");
        }
    }

    private static ReadOnlySpan<byte> EtherType(ReadOnlySpan<byte> frame, int etherTypeOffset, int payloadOffset) =>
        frame.Length >= payloadOffset && BinaryPrimitives.ReadUInt16BigEndian(frame[etherTypeOffset..]) == EtherTypeIPv4
            ? frame[payloadOffset..]
            : [];

    private static UdpDatagram? Udp(ReadOnlySpan<byte> ip)
    {
        var headerLength = (ip[0] & 0x0f) * 4;
        if (ip.Length < 20 || headerLength < 20 || ip.Length < headerLength || ip[9] != ProtocolUdp)
        {
            return null;
        }

        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        var fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        if ((fragment & 0x3fff) != 0)
        {
            throw new InvalidDataException("an IP fragment: reassembly is not supported");
        }

        if (totalLength > ip.Length)
        {
            throw new InvalidDataException($"a {totalLength}-byte UDP/IP packet was captured with only {ip.Length} bytes: record with a larger snaplen");
        }

        // Ethernet pads short frames: the IP Total Length says where the packet ends.
        var udp = ip[headerLength..totalLength];
        if (udp.Length < 8 || BinaryPrimitives.ReadUInt16BigEndian(udp[4..]) != udp.Length)
        {
            throw new InvalidDataException("a UDP datagram whose length is not that of its IP packet");
        }

        return new UdpDatagram(
            new IPEndPoint(new IPAddress(ip.Slice(12, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp)),
            new IPEndPoint(new IPAddress(ip.Slice(16, 4)), BinaryPrimitives.ReadUInt16BigEndian(udp[2..])),
            udp[8..].ToArray());
    }
}
