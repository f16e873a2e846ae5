using System.Buffers.Binary;
using SwanShell.Engine.Kernel.Xfrm.Netlink;

namespace SwanShell.UnitTests.Kernel.Xfrm;

public sealed class NetlinkMessageTests
{
    [Fact]
    public void Request_HasItsLengthSequenceAndAckFlagInTheHeader()
    {
        var bytes = new NetlinkMessageWriter(0x10, NetlinkFlags.None).Write(0x01020304u).ToArray(sequence: 77);

        Assert.Equal(20, bytes.Length);
        Assert.Equal(20u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal((ushort)0x10, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((ushort)(NetlinkFlags.Request | NetlinkFlags.Ack), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void Attribute_LengthExcludesPaddingAndTheNextStartsFourAligned()
    {
        var bytes = new NetlinkMessageWriter(0x10, NetlinkFlags.None)
            .Attribute(5, [0xaa, 0xbb, 0xcc])
            .Attribute(6, [0xdd])
            .ToArray(1);

        Assert.Equal(
            "0700" + "0500" + "AABBCC00" + "0500" + "0600" + "DD000000",
            Convert.ToHexString(bytes.AsSpan(16)));
    }

    [Fact]
    public void WrittenAttributes_ReadBackByTypeAndAbsentOnesAreNull()
    {
        var bytes = new NetlinkMessageWriter(0x10, NetlinkFlags.None).Write(7u).Attribute(5, [1, 2, 3]).Attribute(9, "eth0").ToArray(1);

        var message = Assert.Single(NetlinkMessage.Split(bytes));
        var attributes = message.Attributes(sizeof(uint));

        Assert.Equal([1, 2, 3], attributes.Get(5)!.Value.ToArray());
        Assert.Equal("eth0", attributes.GetString(9));
        Assert.Null(attributes.Get(6));
        Assert.Null(attributes.Get<uint>(6));
    }

    [Fact]
    public void Datagram_SplitsIntoItsAlignedMessagesAndStopsAtATruncatedOne()
    {
        var first = new NetlinkMessageWriter(0x10, NetlinkFlags.None).Attribute(1, [1]).ToArray(1);
        var second = new NetlinkMessageWriter(0x11, NetlinkFlags.None).ToArray(2);
        byte[] datagram = [.. first, .. second, .. second.AsSpan(0, 10)];

        var messages = NetlinkMessage.Split(datagram);

        Assert.Equal([(ushort)0x10, (ushort)0x11], messages.Select(m => m.Type));
        Assert.Equal([1u, 2u], messages.Select(m => m.Header.Sequence));
    }

    [Fact]
    public void ErrorWithExtendedAck_GivesErrnoAndTheKernelsMessage()
    {
        // struct nlmsgerr with a capped echo of our header, then NLMSGERR_ATTR_MSG.
        var error = new NetlinkMessageWriter(NetlinkMessageType.Error, NetlinkFlags.None)
            .Write(-17)
            .Write(new NetlinkHeader { Length = 16, Type = 0x10, Sequence = 3 })
            .Attribute(1, "Policy already exists")
            .ToArray(3);
        BinaryPrimitives.WriteUInt16LittleEndian(error.AsSpan(6), NetlinkFlags.Capped | NetlinkFlags.AckTlvs);

        var (errno, detail) = NetlinkSocket.ReadError(Assert.Single(NetlinkMessage.Split(error)));

        Assert.Equal((17, "Policy already exists"), (errno, detail));
    }

    [Fact]
    public void Acknowledgement_IsErrnoZeroWithoutDetail()
    {
        var ack = new NetlinkMessageWriter(NetlinkMessageType.Error, NetlinkFlags.None).Write(0).Write(new NetlinkHeader { Length = 16 }).ToArray(3);

        Assert.Equal((0, (string?)null), NetlinkSocket.ReadError(Assert.Single(NetlinkMessage.Split(ack))));
    }
}
