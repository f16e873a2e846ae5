using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class MalformedMessageTests
{
    [Fact]
    public void Unknown_critical_payload_is_UNSUPPORTED_CRITICAL_PAYLOAD_naming_its_type()
    {
        var message = SampleMessages.RawMessage((PayloadType)200, SampleMessages.RawPayload(PayloadType.NoNextPayload, critical: true, [1, 2, 3]));

        var e = AssertProtocolError(message, NotifyMessageType.UNSUPPORTED_CRITICAL_PAYLOAD);
        Assert.Equal(new byte[] { 200 }, e.NotificationData.ToArray());
    }

    [Fact]
    public void Unknown_non_critical_payload_is_skipped()
    {
        byte[] payloads = [
            .. SampleMessages.RawPayload(PayloadType.VendorId, critical: false, [1, 2, 3]),
            .. SampleMessages.RawPayload(PayloadType.NoNextPayload, critical: false, [9]),
        ];

        var parsed = IkeMessage.Parse(SampleMessages.RawMessage((PayloadType)200, payloads));

        Assert.IsType<VendorIdPayload>(Assert.Single(parsed.Payloads));
    }

    [Fact]
    public void Critical_bit_on_a_known_payload_is_ignored()
    {
        var parsed = IkeMessage.Parse(SampleMessages.RawMessage(PayloadType.VendorId, SampleMessages.RawPayload(PayloadType.NoNextPayload, critical: true, [7])));

        Assert.IsType<VendorIdPayload>(Assert.Single(parsed.Payloads));
    }

    [Fact]
    public void Payload_length_beyond_the_message_is_INVALID_SYNTAX()
    {
        var payload = SampleMessages.RawPayload(PayloadType.NoNextPayload, false, new byte[20]);
        payload[3] = 30;

        AssertProtocolError(SampleMessages.RawMessage(PayloadType.Nonce, payload), NotifyMessageType.INVALID_SYNTAX);
    }

    [Fact]
    public void Payload_length_below_the_generic_header_is_INVALID_SYNTAX()
    {
        AssertProtocolError(SampleMessages.RawMessage(PayloadType.VendorId, [0, 0, 0, 3]), NotifyMessageType.INVALID_SYNTAX);
    }

    [Fact]
    public void Truncated_generic_header_is_INVALID_SYNTAX()
    {
        AssertProtocolError(SampleMessages.RawMessage(PayloadType.VendorId, [0, 0]), NotifyMessageType.INVALID_SYNTAX);
    }

    [Fact]
    public void Bytes_after_the_last_payload_are_INVALID_SYNTAX()
    {
        byte[] payloads = [.. SampleMessages.RawPayload(PayloadType.NoNextPayload, false, [1]), 0xff];

        AssertProtocolError(SampleMessages.RawMessage(PayloadType.VendorId, payloads), NotifyMessageType.INVALID_SYNTAX);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(257)]
    public void Nonce_outside_16_to_256_bytes_is_INVALID_SYNTAX(int length)
    {
        var message = SampleMessages.RawMessage(PayloadType.Nonce, SampleMessages.RawPayload(PayloadType.NoNextPayload, false, new byte[length]));

        AssertProtocolError(message, NotifyMessageType.INVALID_SYNTAX);
    }

    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "SA without proposals", Body(PayloadType.SecurityAssociation, []) },
        { "proposal says more follow but none does", Body(PayloadType.SecurityAssociation, [2, 0, 0, 8, 1, 1, 0, 0]) },
        { "proposal length beyond the SA", Body(PayloadType.SecurityAssociation, [0, 0, 0, 9, 1, 1, 0, 0]) },
        { "ESP proposal with an 8-byte SPI", Body(PayloadType.SecurityAssociation, [0, 0, 0, 16, 1, 3, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]) },
        { "more transforms announced than present", Body(PayloadType.SecurityAssociation, [0, 0, 0, 16, 1, 1, 0, 2, 0, 0, 0, 8, 1, 0, 0, 12]) },
        { "last transform marked as not last", Body(PayloadType.SecurityAssociation, [0, 0, 0, 16, 1, 1, 0, 1, 3, 0, 0, 8, 1, 0, 0, 12]) },
        { "transform attribute cut off", Body(PayloadType.SecurityAssociation, [0, 0, 0, 18, 1, 1, 0, 1, 0, 0, 0, 10, 1, 0, 0, 12, 0x80, 14]) },
        { "KE without its group", Body(PayloadType.KeyExchange, [0, 31]) },
        { "ID without its type", Body(PayloadType.IdentificationInitiator, [2, 0]) },
        { "AUTH without its method", Body(PayloadType.Authentication, [2]) },
        { "CERT without its encoding", Body(PayloadType.Certificate, []) },
        { "Notify with an SPI beyond the payload", Body(PayloadType.Notify, [3, 4, 0x40, 0x09, 1, 2]) },
        { "Delete of ESP with 3-byte SPIs", Body(PayloadType.Delete, [3, 3, 0, 1, 1, 2, 3]) },
        { "Delete of ESP with fewer SPIs than announced", Body(PayloadType.Delete, [3, 4, 0, 2, 1, 2, 3, 4]) },
        { "Delete of the IKE SA naming an SPI", Body(PayloadType.Delete, [1, 0, 0, 1]) },
        { "IPv4 selector of 20 bytes", Body(PayloadType.TrafficSelectorInitiator, [1, 0, 0, 0, 7, 0, 0, 20, .. new byte[16]]) },
        { "more selectors announced than present", Body(PayloadType.TrafficSelectorInitiator, [2, 0, 0, 0, 7, 0, 0, 16, .. new byte[12]]) },
        { "CP attribute longer than the payload", Body(PayloadType.Configuration, [1, 0, 0, 0, 0, 1, 0, 4, 10, 0]) },
        { "EAP length disagreeing with the payload", Body(PayloadType.ExtensibleAuthentication, [2, 1, 0, 9, 1]) },
        { "EAP code 5", Body(PayloadType.ExtensibleAuthentication, [5, 1, 0, 4]) },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_payload_body_is_INVALID_SYNTAX(string reason, byte[] message)
    {
        _ = reason;
        AssertProtocolError(message, NotifyMessageType.INVALID_SYNTAX);
    }

    [Fact]
    public void Encrypted_payload_that_is_not_last_is_INVALID_SYNTAX()
    {
        // The SK payload's Next Payload names its first inner payload, so the bytes after it belong to no payload.
        byte[] payloads = [.. SampleMessages.RawPayload(PayloadType.VendorId, false, new byte[4]), 0, 0, 0, 5, 1];

        AssertProtocolError(SampleMessages.RawMessage(PayloadType.Encrypted, payloads), NotifyMessageType.INVALID_SYNTAX);
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_is_a_protocol_error()
    {
        var encoded = new IkeMessage(SampleMessages.InitRequestHeader, SampleMessages.AuthRequestPayloads()).Encode();
        for (var length = 0; length < encoded.Length; length++)
        {
            // The header's Length is adjusted too, so the payload parsers see the cut.
            var cut = encoded[..length];
            if (length >= IkeHeader.Size)
            {
                cut[24] = (byte)(length >> 24);
                cut[25] = (byte)(length >> 16);
                cut[26] = (byte)(length >> 8);
                cut[27] = (byte)length;
            }

            Assert.Throws<IkeProtocolException>(() => IkeMessage.Parse(cut));
        }
    }

    private static byte[] Body(PayloadType type, byte[] body) =>
        SampleMessages.RawMessage(type, SampleMessages.RawPayload(PayloadType.NoNextPayload, false, body));

    private static IkeProtocolException AssertProtocolError(byte[] message, NotifyMessageType expected)
    {
        var e = Assert.Throws<IkeProtocolException>(() => IkeMessage.Parse(message));
        Assert.Equal(expected, e.NotifyType);
        return e;
    }
}
