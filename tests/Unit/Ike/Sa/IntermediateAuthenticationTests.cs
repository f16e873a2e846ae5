using System.Security.Cryptography;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// The IntAuth chains (RFC 9242 §3.3.2) over what was received: the octets as the peer sent them, not our
/// re-encoding of what we parsed, and each IKE_INTERMEDIATE message once however often it arrives.
/// </summary>
public sealed class IntermediateAuthenticationTests
{
    private const ulong SpiI = 0x0102030405060708, SpiR = 0x1112131415161718;

    [Fact]
    public void IntAuth_of_a_received_IKE_INTERMEDIATE_covers_its_octets_as_sent_including_a_payload_we_skip()
    {
        using var peer = Sa(originalInitiator: false);
        using var us = Sa(originalInitiator: true);
        var header = new IkeHeader(SpiI, SpiR, PayloadType.NoNextPayload, ExchangeType.IKE_INTERMEDIATE, IkeHeaderFlags.Response, 1, 0);
        var datagram = peer.Outbound!.Encrypt(header, [new KeyExchangePayload(KeyExchangeTransformId.ML_KEM_768, new byte[] { 1, 2, 3, 4 }), new PrivateUsePayload()]);

        var opened = IkeEngine.Open(us, IkeMessage.Parse(datagram))!;
        us.Intermediate.Add(fromInitiator: false, opened.IntermediateStep(us, isResponse: true));

        // The parser skips the unknown non-critical payload; IntAuth still covers it, as the peer's own chain does.
        Assert.IsType<KeyExchangePayload>(Assert.Single(opened.Payloads));
        byte[] spis = [1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18];
        byte[] a = [.. spis, 46, 0x20, 43, 0x20, 0, 0, 0, 1, 0, 0, 0, 52, 34, 0, 0, 24];
        byte[] p = [200, 0, 0, 12, 0, 36, 0, 0, 1, 2, 3, 4, 0, 0, 0, 8, 0xde, 0xad, 0xbe, 0xef];
        Assert.Equal([.. HMACSHA256.HashData(us.Keys!.SK_pr, [.. a, .. p]), 0, 0, 0, 2], us.Intermediate.ForAuthentication(2)[^36..]);
    }

    [Fact]
    public void IKE_INTERMEDIATE_request_and_response_that_arrive_twice_are_each_counted_once()
    {
        Proposal[] ike = [Hybrid()];
        using var engines = new TwoEngines(
            TwoEngines.Options("west", "east", ike: ike),
            TwoEngines.Options("east", "west", ike: ike, local: "10.2.0.0-10.2.255.255", remote: "10.1.0.0-10.1.255.255"));
        engines.Network.Filter = d => d.ExchangeType == (byte)ExchangeType.IKE_INTERMEDIATE ? InMemoryNetwork.Fate.Duplicate : InMemoryNetwork.Fate.Deliver;

        var west = engines.Connect();

        Assert.Equal(IkeSaState.Established, west.State);
        Assert.Equal(IkeSaState.Established, engines.ResponderSa.State);
        Assert.Equal(1, west.Intermediate.Exchanges);
        Assert.Equal(1, engines.ResponderSa.Intermediate.Exchanges);
    }

    private static Proposal Hybrid() => new(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
    [
        Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 256),
        Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256),
        Transform.KeyExchange(KeyExchangeTransformId.CURVE25519),
        Transform.KeyExchange(KeyExchangeTransformId.ML_KEM_768, TransformType.AdditionalKeyExchange1),
    ]);

    /// <summary>One end of an IKE SA whose IKE_SA_INIT gave an all-zero secret and nonces: both ends share its keys.</summary>
    private static IkeSa Sa(bool originalInitiator)
    {
        Assert.True(NegotiatedIkeAlgorithms.TryResolve(Hybrid(), out var algorithms));
        var sa = new IkeSa(originalInitiator, SpiI, SpiR, TwoEngines.West, TwoEngines.East, TwoEngines.Options("west", "east"), TimeProvider.System)
        {
            Algorithms = algorithms,
            NonceInitiator = new byte[32],
            NonceResponder = new byte[32],
        };
        sa.DeriveKeys(new byte[32]);
        return sa;
    }

    /// <summary>A payload of a private-use type (RFC 7296 §3.2) that we do not know, not critical: a peer's extension.</summary>
    private sealed class PrivateUsePayload : IkePayload
    {
        public override PayloadType Type => (PayloadType)200;

        public override int BodyLength => 4;

        public override void WriteBody(Span<byte> destination) => new byte[] { 0xde, 0xad, 0xbe, 0xef }.CopyTo(destination);
    }
}
