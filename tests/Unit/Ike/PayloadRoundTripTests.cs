using System.Net;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class PayloadRoundTripTests
{
    public static TheoryData<string> Samples => new() { "IKE_SA_INIT", "IKE_AUTH", "INFORMATIONAL" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_payload_of_a_message_round_trips_byte_for_byte(string sample)
    {
        var payloads = Payloads(sample);
        var encoded = new IkeMessage(SampleMessages.InitRequestHeader, payloads).Encode();

        var parsed = IkeMessage.Parse(encoded);

        Assert.Equal(payloads.Select(p => p.Type), parsed.Payloads.Select(p => p.Type));
        for (var i = 0; i < payloads.Count; i++)
        {
            Assert.Equal(payloads[i].GetBody(), parsed.Payloads[i].GetBody());
        }

        Assert.Equal(encoded, new IkeMessage(parsed.Header, parsed.Payloads).Encode());
        Assert.Equal(encoded.Length, parsed.Header.Length);
        Assert.Equal(payloads[0].Type, parsed.Header.NextPayload);
    }

    [Fact]
    public void Sa_payload_keeps_proposals_transforms_and_key_lengths()
    {
        var parsed = RoundTrip(SampleMessages.IkeProposals());

        Assert.Equal([1, 2], parsed.Proposals.Select(p => (int)p.Number));
        var first = parsed.Proposals[0].Transforms;
        Assert.Equal(Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 256), first[0]);
        Assert.Null(first[1].KeyLength);
        Assert.Equal(TransformType.AdditionalKeyExchange1, first[3].Type);
        Assert.Equal((ushort)KeyExchangeTransformId.ML_KEM_768, first[3].Id);
        Assert.DoesNotContain(first, t => t.HasUnrecognizedAttributes);
    }

    [Fact]
    public void Esp_proposal_keeps_its_four_byte_spi()
    {
        var parsed = RoundTrip(SampleMessages.EspProposal());

        Assert.Equal(new byte[] { 0xc0, 0xff, 0xee, 0x01 }, parsed.Proposals[0].Spi.ToArray());
        Assert.Equal(SecurityProtocolId.ESP, parsed.Proposals[0].ProtocolId);
    }

    [Fact]
    public void Traffic_selectors_keep_addresses_ports_and_protocol()
    {
        var payload = new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder,
            [TrafficSelector.AddressRange(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::9"), 17, 500, 4500)]);

        var selector = Assert.Single(RoundTrip(payload).Selectors);

        Assert.Equal(TrafficSelectorType.TS_IPV6_ADDR_RANGE, selector.Type);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), selector.StartAddress);
        Assert.Equal(IPAddress.Parse("2001:db8::9"), selector.EndAddress);
        Assert.Equal((17, 500, 4500), (selector.IpProtocolId, selector.StartPort, (int)selector.EndPort));
    }

    [Fact]
    public void Notify_keeps_protocol_spi_type_and_data()
    {
        var parsed = RoundTrip(new NotifyPayload(SecurityProtocolId.ESP, new byte[] { 9, 8, 7, 6 }, NotifyMessageType.REKEY_SA, new byte[] { 1 }));

        Assert.Equal((SecurityProtocolId.ESP, NotifyMessageType.REKEY_SA), (parsed.ProtocolId, parsed.NotifyType));
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, parsed.Spi.ToArray());
        Assert.Equal(new byte[] { 1 }, parsed.NotificationData.ToArray());
        Assert.False(parsed.IsError);
    }

    [Fact]
    public void Delete_keeps_esp_spis()
    {
        var parsed = RoundTrip(new DeletePayload(SecurityProtocolId.ESP, [1, 0xffffffff]));

        Assert.Equal([1u, 0xffffffff], parsed.Spis);
    }

    [Fact]
    public void Eap_message_is_parsed_for_code_identifier_and_type()
    {
        var message = IkeMessage.Parse(SampleMessages.RawMessage(PayloadType.ExtensibleAuthentication,
            SampleMessages.RawPayload(PayloadType.NoNextPayload, false, [1, 7, 0, 6, 4, 0xaa])));

        var eap = Assert.IsType<EapPayload>(Assert.Single(message.Payloads));
        Assert.Equal((1, 7, (byte?)4), (eap.Code, eap.Identifier, eap.EapType));
        Assert.Equal(new byte[] { 1, 7, 0, 6, 4, 0xaa }, eap.GetBody());
    }

    [Fact]
    public void Unknown_transform_attribute_marks_the_transform_unrecognized()
    {
        // ENCR_AES_CBC with Key Length 128 and an unknown TV attribute 15.
        byte[] transform = [0, 0, 0, 16, 1, 0, 0, 12, 0x80, 14, 0, 128, 0x80, 15, 0, 1];
        byte[] proposal = [0, 0, 0, 24, 1, 1, 0, 1, .. transform];
        var message = IkeMessage.Parse(SampleMessages.RawMessage(PayloadType.SecurityAssociation,
            SampleMessages.RawPayload(PayloadType.NoNextPayload, false, proposal)));

        var parsed = Assert.Single(Assert.IsType<SecurityAssociationPayload>(message.Payloads[0]).Proposals[0].Transforms);

        Assert.True(parsed.HasUnrecognizedAttributes);
        Assert.Equal(128, parsed.KeyLength);
    }

    private static IReadOnlyList<IkePayload> Payloads(string sample) => sample switch
    {
        "IKE_SA_INIT" => SampleMessages.InitRequestPayloads(),
        "IKE_AUTH" => SampleMessages.AuthRequestPayloads(),
        _ => SampleMessages.InformationalPayloads(),
    };

    private static T RoundTrip<T>(T payload)
        where T : IkePayload
    {
        var encoded = new IkeMessage(SampleMessages.InitRequestHeader, [payload]).Encode();
        return Assert.IsType<T>(Assert.Single(IkeMessage.Parse(encoded).Payloads));
    }
}
