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
    };

    public static TheoryData<string> CaptureNames => [.. Captures.Select(row => (string)row[0])];

    [Theory]
    [MemberData(nameof(CaptureNames))]
    public void Every_captured_message_decodes_with_our_codec(string name)
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

        var request = LabCapture.Open(responderSa, capture.AuthRequest);
        var response = LabCapture.Open(initiatorSa, capture.AuthResponse);

        Assert.Equal(Identity.Fqdn(initiator), Identity.FromPayload(request.Require<IdentificationPayload>(PayloadType.IdentificationInitiator)));
        Assert.Equal(Identity.Fqdn(responder), Identity.FromPayload(response.Require<IdentificationPayload>(PayloadType.IdentificationResponder)));
        foreach (var message in new[] { request, response })
        {
            Assert.Equal(AuthenticationMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, message.Require<AuthenticationPayload>(PayloadType.Authentication).Method);
            Assert.Single(message.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals, p => p.ProtocolId == SecurityProtocolId.ESP);
            Assert.NotNull(message.Find<TrafficSelectorPayload>(PayloadType.TrafficSelectorInitiator));
            Assert.NotNull(message.Find<TrafficSelectorPayload>(PayloadType.TrafficSelectorResponder));
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Initiator_AUTH_is_what_our_engine_computes_and_the_responder_side_accepts_it(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        using var sa = ResponderSa(capture, initiator, responder, capture.PreSharedKey);
        var request = LabCapture.Open(sa, capture.AuthRequest);

        Assert.Equal(
            Convert.ToHexString(Recompute(sa, request, PayloadType.IdentificationInitiator, sa.InitRequest, sa.NonceResponder, sa.Keys!.SK_pi, capture.PreSharedKey)),
            Convert.ToHexString(request.Require<AuthenticationPayload>(PayloadType.Authentication).AuthenticationData.Span));
        new IkeAuthTask(sa).ProcessRequest(request);
        Assert.Equal(Identity.Fqdn(initiator), sa.RemoteIdentity);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Responder_AUTH_is_what_our_engine_computes_and_the_initiator_side_accepts_it(string name, string initiator, string responder)
    {
        var capture = LabCapture.Load(name);
        using var sa = InitiatorSa(capture, initiator, responder, capture.PreSharedKey);
        var response = LabCapture.Open(sa, capture.AuthResponse);

        Assert.Equal(
            Convert.ToHexString(Recompute(sa, response, PayloadType.IdentificationResponder, sa.InitResponse, sa.NonceInitiator, sa.Keys!.SK_pr, capture.PreSharedKey)),
            Convert.ToHexString(response.Require<AuthenticationPayload>(PayloadType.Authentication).AuthenticationData.Span));
        Assert.Equal(TaskOutcome.Done, new IkeAuthTask(sa).ProcessResponse(response));
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
        var request = LabCapture.Open(responderSa, capture.AuthRequest);
        var response = LabCapture.Open(initiatorSa, capture.AuthResponse);

        var refused = Assert.Throws<IkeProtocolException>(() => new IkeAuthTask(responderSa).ProcessRequest(request));
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refused.NotifyType);
        refused = Assert.Throws<IkeProtocolException>(() => new IkeAuthTask(initiatorSa).ProcessResponse(response));
        Assert.Equal(NotifyMessageType.AUTHENTICATION_FAILED, refused.NotifyType);
        Assert.Null(responderSa.RemoteIdentity);
        Assert.Null(initiatorSa.RemoteIdentity);
    }

    private static IkeSa InitiatorSa(LabCapture capture, string initiator, string responder, byte[] preSharedKey) =>
        capture.SaOf(originalInitiator: true, Identity.Fqdn(initiator), Identity.Fqdn(responder), preSharedKey);

    private static IkeSa ResponderSa(LabCapture capture, string initiator, string responder, byte[] preSharedKey) =>
        capture.SaOf(originalInitiator: false, Identity.Fqdn(responder), Identity.Fqdn(initiator), preSharedKey);

    /// <summary>AUTH = prf(prf(PSK, "Key Pad for IKEv2"), SignedOctets) (RFC 7296 §2.15), with the engine's functions.</summary>
    private static byte[] Recompute(IkeSa sa, IReadOnlyList<IkePayload> message, PayloadType idType, byte[] realMessage, byte[] peerNonce, ReadOnlySpan<byte> skP, byte[] preSharedKey)
    {
        var prf = sa.Algorithms!.Prf;
        var octets = AuthenticationData.SignedOctets(realMessage, peerNonce, prf, skP, message.Require<IdentificationPayload>(idType));
        return AuthenticationData.ComputeSharedKey(prf, preSharedKey, octets);
    }
}
