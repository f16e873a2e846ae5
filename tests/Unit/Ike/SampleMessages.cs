using System.Net;
using System.Text;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

/// <summary>Payloads and messages as the exchanges will build them, for codec tests.</summary>
internal static class SampleMessages
{
    public static readonly IkeHeader InitRequestHeader = new(
        0x0102030405060708, 0, PayloadType.NoNextPayload, ExchangeType.IKE_SA_INIT, IkeHeaderFlags.Initiator, 0, 0);

    public static readonly IkeHeader AuthRequestHeader = InitRequestHeader with
    {
        ResponderSpi = 0x1112131415161718,
        ExchangeType = ExchangeType.IKE_AUTH,
        MessageId = 1,
    };

    public static SecurityAssociationPayload IkeProposals() => new(
    [
        new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 256),
            Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256),
            Transform.KeyExchange(KeyExchangeTransformId.CURVE25519),
            Transform.KeyExchange(KeyExchangeTransformId.ML_KEM_768, TransformType.AdditionalKeyExchange1),
        ]),
        new Proposal(2, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncryptionTransformId.ENCR_AES_CBC, 128),
            Transform.Integrity(IntegrityTransformId.AUTH_HMAC_SHA2_256_128),
            Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256),
            Transform.KeyExchange(KeyExchangeTransformId.MODP_2048),
        ]),
    ]);

    public static SecurityAssociationPayload EspProposal() => new(
    [
        new Proposal(1, SecurityProtocolId.ESP, new byte[] { 0xc0, 0xff, 0xee, 0x01 },
        [
            Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128),
            Transform.ExtendedSequenceNumbers(false),
        ]),
    ]);

    public static IReadOnlyList<IkePayload> InitRequestPayloads() =>
    [
        IkeProposals(),
        new KeyExchangePayload(KeyExchangeTransformId.CURVE25519, Filled(32, 0x25)),
        new NoncePayload(Filled(32, 0x4e)),
        new NotifyPayload(NotifyMessageType.NAT_DETECTION_SOURCE_IP, Filled(20, 0x51)),
        new NotifyPayload(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED),
        new NotifyPayload(NotifyMessageType.SIGNATURE_HASH_ALGORITHMS, new byte[] { 0, 2, 0, 3, 0, 4 }),
        new VendorIdPayload(Encoding.ASCII.GetBytes("SwanShell")),
    ];

    public static IReadOnlyList<IkePayload> AuthRequestPayloads() =>
    [
        new IdentificationPayload(PayloadType.IdentificationInitiator, IdentificationType.ID_FQDN, Encoding.ASCII.GetBytes("west.example.org")),
        new CertificatePayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, Filled(300, 0x30)),
        new CertificateRequestPayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, Filled(40, 0xca)),
        new NotifyPayload(NotifyMessageType.INITIAL_CONTACT),
        new IdentificationPayload(PayloadType.IdentificationResponder, IdentificationType.ID_IPV4_ADDR, new byte[] { 192, 0, 2, 2 }),
        new AuthenticationPayload(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, Filled(32, 0xa0)),
        new ConfigurationPayload(ConfigurationType.CFG_REQUEST,
        [
            new ConfigurationAttribute(ConfigurationAttributeType.INTERNAL_IP4_ADDRESS, ReadOnlyMemory<byte>.Empty),
            new ConfigurationAttribute(ConfigurationAttributeType.INTERNAL_IP4_DNS, new byte[] { 10, 0, 0, 53 }),
        ]),
        EspProposal(),
        new TrafficSelectorPayload(PayloadType.TrafficSelectorInitiator,
        [
            TrafficSelector.AddressRange(IPAddress.Parse("10.1.0.0"), IPAddress.Parse("10.1.255.255")),
            TrafficSelector.AddressRange(IPAddress.Parse("2001:db8::"), IPAddress.Parse("2001:db8::ffff"), 6, 443, 443),
        ]),
        new TrafficSelectorPayload(PayloadType.TrafficSelectorResponder,
        [
            TrafficSelector.AddressRange(IPAddress.Parse("10.2.0.0"), IPAddress.Parse("10.2.255.255")),
        ]),
    ];

    public static IReadOnlyList<IkePayload> InformationalPayloads() =>
    [
        new DeletePayload(SecurityProtocolId.ESP, [0xc0ffee01, 0xc0ffee02]),
        new DeletePayload(SecurityProtocolId.IKE, []),
        new NotifyPayload(SecurityProtocolId.ESP, new byte[] { 1, 2, 3, 4 }, NotifyMessageType.REKEY_SA, ReadOnlyMemory<byte>.Empty),
    ];

    public static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>A generic payload header followed by <paramref name="body"/>.</summary>
    public static byte[] RawPayload(PayloadType next, bool critical, byte[] body) =>
        [(byte)next, critical ? (byte)0x80 : (byte)0, (byte)((body.Length + 4) >> 8), (byte)(body.Length + 4), .. body];

    /// <summary>An IKE header (with a correct Length) naming <paramref name="first"/>, then <paramref name="payloads"/> as raw bytes.</summary>
    public static byte[] RawMessage(PayloadType first, byte[] payloads)
    {
        var message = new byte[IkeHeader.Size + payloads.Length];
        (InitRequestHeader with { NextPayload = first, Length = message.Length }).Write(message);
        payloads.CopyTo(message, IkeHeader.Size);
        return message;
    }
}
