using System.Buffers.Binary;
using System.Net;

namespace SwanShell.UnitTests.TestSupport;

public sealed class PcapReaderTests
{
    private static readonly IPEndPoint West = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint East = new(IPAddress.Parse("192.0.2.2"), 4500);
    private static readonly byte[] Payload = [0, 0, 0, 0, 0x11, 0x22, 0x33];

    public static TheoryData<uint, string> LinkTypes => new()
    {
        { 1, "ethernet" },
        { 1, "ethernet+vlan" },
        { 113, "linux-cooked" },
        { 276, "linux-cooked-v2" },
        { 101, "raw" },
        { 228, "raw" },
    };

    [Theory]
    [MemberData(nameof(LinkTypes))]
    public void Reads_the_UDP_datagram_of_each_supported_link_type(uint linkType, string framing)
    {
        var file = Pcap(linkType, bigEndian: false, nanoseconds: false, Frame(framing, Udp(West, East, Payload)));

        var datagram = Assert.Single(PcapReader.ReadUdp(file));

        Assert.Equal(West, datagram.Source);
        Assert.Equal(East, datagram.Destination);
        Assert.Equal(Payload, datagram.Payload);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Reads_either_byte_order_and_nanosecond_files(bool bigEndian, bool nanoseconds)
    {
        var file = Pcap(1, bigEndian, nanoseconds, Frame("ethernet", Udp(West, East, Payload)), Frame("ethernet", Udp(East, West, [1, 2, 3])));

        var datagrams = PcapReader.ReadUdp(file);

        Assert.Equal([Payload, [1, 2, 3]], datagrams.Select(d => d.Payload));
        Assert.Equal([West, East], datagrams.Select(d => d.Source));
    }

    [Fact]
    public void Ethernet_padding_of_a_short_frame_is_not_part_of_the_datagram()
    {
        byte[] padded = [.. Frame("ethernet", Udp(West, East, [9])), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var datagram = Assert.Single(PcapReader.ReadUdp(Pcap(1, bigEndian: false, nanoseconds: false, padded)));

        Assert.Equal([9], datagram.Payload);
    }

    [Fact]
    public void Frames_that_are_not_UDP_over_IPv4_are_skipped()
    {
        var tcp = Udp(West, East, Payload);
        tcp[9] = 6;
        byte[] arp = [.. new byte[12], 0x08, 0x06, .. new byte[28]];

        var datagrams = PcapReader.ReadUdp(Pcap(1, bigEndian: false, nanoseconds: false, Frame("ethernet", tcp), arp, Frame("ethernet", Udp(East, West, [7]))));

        Assert.Equal([7], Assert.Single(datagrams).Payload);
    }

    [Fact]
    public void IP_fragments_and_truncated_packets_are_refused_rather_than_misread()
    {
        var fragment = Udp(West, East, Payload);
        fragment[6] = 0x20;
        var truncated = Frame("ethernet", Udp(West, East, Payload))[..^2];

        Assert.Throws<InvalidDataException>(() => PcapReader.ReadUdp(Pcap(1, false, false, Frame("ethernet", fragment))));
        Assert.Throws<InvalidDataException>(() => PcapReader.ReadUdp(Pcap(1, false, false, truncated)));
        Assert.Throws<InvalidDataException>(() => PcapReader.ReadUdp(new byte[24]));
    }

    /// <summary>An IPv4 packet (no options, checksums left zero) holding one UDP datagram.</summary>
    private static byte[] Udp(IPEndPoint source, IPEndPoint destination, byte[] payload)
    {
        var packet = new byte[20 + 8 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        source.Address.GetAddressBytes().CopyTo(packet, 12);
        destination.Address.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet, 28);
        return packet;
    }

    private static byte[] Frame(string framing, byte[] ip) => framing switch
    {
        "ethernet" => [.. new byte[12], 0x08, 0x00, .. ip],
        "ethernet+vlan" => [.. new byte[12], 0x81, 0x00, 0x00, 0x07, 0x08, 0x00, .. ip],
        "linux-cooked" => [0, 0, 0, 1, 0, 6, .. new byte[8], 0x08, 0x00, .. ip],
        "linux-cooked-v2" => [0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, .. new byte[8], .. ip],
        "raw" => ip,
        _ => throw new ArgumentOutOfRangeException(nameof(framing), framing, null),
    };

    private static byte[] Pcap(uint linkType, bool bigEndian, bool nanoseconds, params byte[][] frames)
    {
        var file = new List<byte>();
        void Put32(uint value)
        {
            var bytes = new byte[4];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            }

            file.AddRange(bytes);
        }

        Put32(nanoseconds ? 0xa1b23c4du : 0xa1b2c3d4u);
        Put32(bigEndian ? 0x00020004u : 0x00040002u);
        Put32(0);
        Put32(0);
        Put32(65535);
        Put32(linkType);
        foreach (var frame in frames)
        {
            Put32(1_700_000_000);
            Put32(0);
            Put32((uint)frame.Length);
            Put32((uint)frame.Length);
            file.AddRange(frame);
        }

        return [.. file];
    }
}
