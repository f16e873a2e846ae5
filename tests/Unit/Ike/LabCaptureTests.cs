using System.Text;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike;

/// <summary>
/// IKE_SA_INIT/IKE_AUTH exchanges between libreswan and strongSwan, recorded in the kernel lab: our codec reads
/// them, our key schedule reproduces the peers' keys from their g^ir, and the AUTH payloads they computed are the
/// ones our engine computes and accepts.
/// </summary>
public sealed class LabCaptureTests
{
    /// <summary>Fixture directory, the initiator's ID and the responder's ID (ID_FQDN).</summary>
    public static TheoryData<string, string, string> Captures => new()
    {
        { "libreswan-to-strongswan", "west", "east" },
        { "strongswan-to-libreswan", "east", "west" },
        { "libreswan-to-strongswan-aes-cbc-modp2048", "west", "east" },
    };

    public static TheoryData<string> CaptureNames => [.. Captures.Select(row => (string)row[0])];

    [Theory]
    [MemberData(nameof(CaptureNames))]
    public void Every_captured_message_decodes_with_our_codec_and_IKE_SA_INIT_encodes_back_byte_for_byte(string name)
    {
        var capture = LabCapture.Load(name);

        Assert.All(capture.Messages, m => LabCapture.Parse(m));
        var initRequest = LabCapture.Parse(capture.InitRequest);
        var initResponse = LabCapture.Parse(capture.InitResponse);
        Assert.Equal(0ul, initRequest.Header.ResponderSpi);
        Assert.NotEqual(0ul, initResponse.Header.ResponderSpi);
        Assert.Equal(initRequest.Header.InitiatorSpi, initResponse.Header.InitiatorSpi);
        foreach (var init in new[] { initRequest, initResponse })
        {
            Assert.Contains(init.Payloads, p => p is SecurityAssociationPayload);
            Assert.Contains(init.Payloads, p => p is KeyExchangePayload);
            Assert.Contains(init.Payloads, p => p is NoncePayload);
        }

        Assert.Single(initResponse.Payloads.OfType<SecurityAssociationPayload>().Single().Proposals);
        Assert.Equal(Convert.ToHexString(capture.InitRequest.Datagram), Convert.ToHexString(initRequest.Encode()));
        Assert.Equal(Convert.ToHexString(capture.InitResponse.Datagram), Convert.ToHexString(initResponse.Encode()));
        Assert.NotEmpty(capture.AuthRequest);
        Assert.NotEmpty(capture.AuthResponse);
        Assert.All(capture.AuthRequest.Concat(capture.AuthResponse), m =>
            Assert.True(LabCapture.Parse(m).Payloads[^1] is EncryptedPayload or EncryptedFragmentPayload));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Both_IKE_AUTH_messages_decrypt_with_keys_derived_from_the_recorded_shared_secret(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        using var responderSa = ResponderSa(capture, initiator, responder, capture.PreSharedKey);
        using var initiatorSa = InitiatorSa(capture, initiator, responder, capture.PreSharedKey);

        var request = Received(responderSa, capture);
        var response = Received(initiatorSa, capture);

        Assert.Equal(Identity.Fqdn(initiator), Identity.FromPayload(request.Require<IdentificationPayload>(PayloadType.IdentificationInitiator)));
        Assert.Equal(Identity.Fqdn(responder), Identity.FromPayload(response.Require<IdentificationPayload>(PayloadType.IdentificationResponder)));
        foreach (var message in new[] { request, response })
        {
            Assert.Equal(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, message.Require<AuthenticationPayload>(PayloadType.Authentication).Method);
            Assert.All(message.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals, p => Assert.Equal(SecurityProtocolId.ESP, p.ProtocolId));
            Assert.NotNull(message.Find<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator));
            Assert.NotNull(message.Find<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder));
        }

        Assert.Single(response.RequireSingleProposal().Transforms, t => t.Type == TransformType.Encryption);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Initiator_AUTH_is_what_our_engine_computes_and_the_responder_side_accepts_it(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        using var sa = ResponderSa(capture, initiator, responder, capture.PreSharedKey);

        AssertCapturedAuthVerifies(sa, capture);
        Assert.Equal(Identity.Fqdn(initiator), sa.RemoteIdentity);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Responder_AUTH_is_what_our_engine_computes_and_the_initiator_side_accepts_it(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        using var sa = InitiatorSa(capture, initiator, responder, capture.PreSharedKey);

        AssertCapturedAuthVerifies(sa, capture);
        Assert.Equal(Identity.Fqdn(responder), sa.RemoteIdentity);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Captured_AUTH_payloads_fail_verification_with_another_pre_shared_key(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        var wrongKey = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(capture.PreSharedKey) + "!");
        using var responderSa = ResponderSa(capture, initiator, responder, wrongKey);
        using var initiatorSa = InitiatorSa(capture, initiator, responder, wrongKey);

        foreach (var sa in new[] { responderSa, initiatorSa })
        {
            var message = Received(sa, capture);
            var refused = Assert.Throws<IkeProtocolException>(() => Verify(sa, message));
            Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refused.NotifyType);
            Assert.Null(sa.RemoteIdentity);
        }
    }

    private static IkeSa InitiatorSa(LabCapture capture, string initiator, string responder, byte[] preSharedKey) =>
        capture.SaOf(originalInitiator: true, Identity.Fqdn(initiator), Identity.Fqdn(responder), preSharedKey);

    private static IkeSa ResponderSa(LabCapture capture, string initiator, string responder, byte[] preSharedKey) =>
        capture.SaOf(originalInitiator: false, Identity.Fqdn(responder), Identity.Fqdn(initiator), preSharedKey);

    /// <summary>The peer's IKE_AUTH message, opened: the initiator receives the response, the responder the request.</summary>
    private static IReadOnlyList<IkePayload> Received(IkeSa sa, LabCapture capture) =>
        LabCapture.Open(sa, sa.IsOriginalInitiator ? capture.AuthResponse : capture.AuthRequest);

    /// <summary>The engine's own check of the peer's IDi/IDr and AUTH.</summary>
    private static void Verify(IkeSa sa, IReadOnlyList<IkePayload> message)
    {
        if (sa.IsOriginalInitiator)
        {
            Assert.Equal(TaskOutcome.Done, new IkeAuthTask(sa).ProcessResponse(message));
        }
        else
        {
            new IkeAuthTask(sa).ProcessRequest(message);
        }
    }

    /// <summary>
    /// The captured AUTH equals prf(prf(PSK, "Key Pad for IKEv2"), SignedOctets) (RFC 7296 §2.15) computed with the
    /// engine's functions over the peer's IKE_SA_INIT message, our nonce and prf(SK_p, ID'), and the engine accepts it.
    /// </summary>
    private static void AssertCapturedAuthVerifies(IkeSa sa, LabCapture capture)
    {
        var message = Received(sa, capture);
        var prf = sa.Algorithms!.Prf;
        var octets = sa.IsOriginalInitiator
            ? AuthenticationData.SignedOctets(sa.InitResponse, sa.NonceInitiator, prf, sa.Keys!.SK_pr, message.Require<IdentificationPayload>(PayloadType.IdentificationResponder))
            : AuthenticationData.SignedOctets(sa.InitRequest, sa.NonceResponder, prf, sa.Keys!.SK_pi, message.Require<IdentificationPayload>(PayloadType.IdentificationInitiator));

        Assert.Equal(
            Convert.ToHexString(AuthenticationData.ComputeSharedKey(prf, capture.PreSharedKey, octets)),
            Convert.ToHexString(message.Require<AuthenticationPayload>(PayloadType.Authentication).AuthenticationData.Span));
        Verify(sa, message);
    }
}
