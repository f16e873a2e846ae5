using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class IkeHeaderTests
{
    [Fact]
    public void Header_round_trips_with_version_2_0()
    {
        var header = new IkeHeader(0xfedcba9876543210, 0x0123456789abcdef, PayloadType.Encrypted, ExchangeType.CREATE_CHILD_SA,
            IkeHeaderFlags.Initiator | IkeHeaderFlags.Response, 0xdeadbeef, IkeHeader.Size);
        var bytes = new byte[IkeHeader.Size];

        header.Write(bytes);

        Assert.Equal(0x20, bytes[17]);
        Assert.Equal(header, IkeHeader.Read(bytes));
        Assert.True(header.IsResponse);
        Assert.True(header.IsInitiator);
    }

    [Fact]
    public void Header_of_another_major_version_is_INVALID_MAJOR_VERSION()
    {
        var bytes = SampleMessages.RawMessage(PayloadType.NoNextPayload, []);
        bytes[17] = 0x30;

        var e = Assert.Throws<IkeProtocolException>(() => IkeHeader.Read(bytes));
        Assert.Equal(NotifyMessageType.INVALID_MAJOR_VERSION, e.NotifyType);
    }

    [Fact]
    public void Higher_minor_version_and_reserved_flag_bits_are_ignored()
    {
        var bytes = SampleMessages.RawMessage(PayloadType.NoNextPayload, []);
        bytes[17] = 0x21;
        bytes[19] |= 0x87;

        var header = IkeHeader.Read(bytes);

        Assert.Equal(IkeHeaderFlags.Initiator, header.Flags);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(0)]
    public void Message_shorter_than_the_header_is_INVALID_SYNTAX(int length)
    {
        var e = Assert.Throws<IkeProtocolException>(() => IkeHeader.Read(new byte[length]));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Length_field_that_is_not_the_datagram_length_is_INVALID_SYNTAX(int delta)
    {
        var bytes = SampleMessages.RawMessage(PayloadType.NoNextPayload, new byte[8]);
        bytes[27] = (byte)(bytes[27] + delta);

        var e = Assert.Throws<IkeProtocolException>(() => IkeHeader.Read(bytes));
        Assert.Equal(NotifyMessageType.INVALID_SYNTAX, e.NotifyType);
    }
}
