using System.Buffers.Binary;
using System.Net;
using System.Text;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Ike;

/// <summary>One IKE message of a capture, as it went over the wire (after any non-ESP marker).</summary>
internal sealed record CapturedIkeMessage(IPEndPoint Source, IPEndPoint Destination, byte[] Datagram)
{
    public IkeHeader Header => IkeHeader.Read(Datagram);
}

/// <summary>
/// An IKE_SA_INIT/IKE_AUTH exchange recorded between real peers in the kernel lab (Ike/Fixtures/LabCaptures, see
/// its README): the datagrams, the PSK and the g^ir the peers computed. From them, IKE SAs in the state each peer
/// had when IKE_AUTH arrived, built with the engine's own key schedule.
/// </summary>
internal sealed class LabCapture
{
    private const int IkePort = 500;
    private const int NatTraversalPort = 4500;

    private LabCapture(string name, IReadOnlyList<CapturedIkeMessage> messages, byte[] preSharedKey, byte[] sharedSecret)
    {
        Name = name;
        Messages = messages;
        PreSharedKey = preSharedKey;
        SharedSecret = sharedSecret;
        var init = Exchange(ExchangeType.IKE_SA_INIT, 0).ToList();

        // After an INVALID_KE_PAYLOAD or COOKIE round, RealMessage1 is the last request before the answer with an SA.
        InitResponse = init.First(m => m.Header.IsResponse && Parse(m).Payloads.Any(p => p is SecurityAssociationPayload));
        InitRequest = init.TakeWhile(m => m != InitResponse).Last(m => !m.Header.IsResponse);
        AuthRequest = Exchange(ExchangeType.IKE_AUTH, 1).Where(m => !m.Header.IsResponse).ToList();
        AuthResponse = Exchange(ExchangeType.IKE_AUTH, 1).Where(m => m.Header.IsResponse).ToList();
    }

    public string Name { get; }

    /// <summary>Every IKE datagram on UDP 500 and 4500, in capture order, retransmissions included.</summary>
    public IReadOnlyList<CapturedIkeMessage> Messages { get; }

    public byte[] PreSharedKey { get; }

    /// <summary>g^ir of the IKE_SA_INIT exchange, from a peer's debug log.</summary>
    public byte[] SharedSecret { get; }

    public CapturedIkeMessage InitRequest { get; }

    public CapturedIkeMessage InitResponse { get; }

    /// <summary>The IKE_AUTH request: one datagram, or its SKF fragments (with any retransmissions).</summary>
    public IReadOnlyList<CapturedIkeMessage> AuthRequest { get; }

    public IReadOnlyList<CapturedIkeMessage> AuthResponse { get; }

    public static LabCapture Load(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Ike", "Fixtures", "LabCaptures", name);
        var messages = PcapReader.ReadUdp(Path.Combine(directory, "exchange.pcap"))
            .Select(IkeMessageOf).OfType<CapturedIkeMessage>().ToList();
        var psk = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(directory, "psk.txt")).TrimEnd('\n'));
        var secret = Convert.FromHexString(File.ReadAllText(Path.Combine(directory, "shared-secret.hex")).Trim());
        return new LabCapture(name, messages, psk, secret);
    }

    public static IkeMessage Parse(CapturedIkeMessage message) => IkeMessage.Parse(message.Datagram);

    /// <summary>
    /// One peer's IKE SA as IKE_SA_INIT left it: the negotiated algorithms, both nonces and both IKE_SA_INIT
    /// messages, and keys from the recorded g^ir. The initiator's SA opens the IKE_AUTH response, the responder's the request.
    /// </summary>
    /// <param name="originalInitiator">True for the initiator's SA.</param>
    /// <param name="localIdentity">The identity this peer has.</param>
    /// <param name="remoteIdentity">The identity this peer expects the other to prove.</param>
    /// <param name="preSharedKey">The key this peer believes in.</param>
    public IkeSa SaOf(bool originalInitiator, Identity localIdentity, Identity remoteIdentity, byte[] preSharedKey)
    {
        var request = Parse(InitRequest).Payloads;
        var response = Parse(InitResponse).Payloads;
        var options = new IkeSaOptions
        {
            IkeProposals = request.Require<SecurityAssociationPayload>(PayloadType.SecurityAssociation).Proposals,
            ChildProposals = [],
            LocalIdentity = localIdentity,
            RemoteIdentity = remoteIdentity,
            PreSharedKey = preSharedKey,
            LocalTrafficSelectors = [],
            RemoteTrafficSelectors = [],
        };
        var (local, remote) = originalInitiator ? (InitRequest.Source, InitRequest.Destination) : (InitRequest.Destination, InitRequest.Source);
        var sa = new IkeSa(originalInitiator, InitRequest.Header.InitiatorSpi, InitResponse.Header.ResponderSpi, local, remote, options, TimeProvider.System)
        {
            NonceInitiator = request.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray(),
            NonceResponder = response.Require<NoncePayload>(PayloadType.Nonce).NonceData.ToArray(),
            InitRequest = InitRequest.Datagram,
            InitResponse = InitResponse.Datagram,
            FragmentationSupported = request.FindNotify(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED) is not null
                && response.FindNotify(NotifyMessageType.IKEV2_FRAGMENTATION_SUPPORTED) is not null,
        };
        if (!NegotiatedIkeAlgorithms.TryResolve(response.RequireSingleProposal(), out var algorithms))
        {
            throw new InvalidOperationException($"{Name}: the peers chose {ProposalSelection.Describe(response.RequireSingleProposal())}, which we do not implement");
        }

        sa.Algorithms = algorithms;

        // DeriveKeys wipes the secret it is given.
        sa.DeriveKeys(SharedSecret.ToArray());
        return sa;
    }

    /// <summary>Opens an IKE_AUTH message the way the engine opens what it receives: one SK payload, or SKF fragments until the last arrives.</summary>
    public static IReadOnlyList<IkePayload> Open(IkeSa sa, IReadOnlyList<CapturedIkeMessage> message)
    {
        foreach (var datagram in message)
        {
            if (IkeEngine.Open(sa, Parse(datagram)) is { } opened)
            {
                return opened.Payloads;
            }
        }

        throw new InvalidOperationException("the capture lacks fragments of the message");
    }

    /// <summary>An IKE message, or null for an ESP packet or a NAT keepalive on port 4500 (RFC 3948 §2.2, §2.3).</summary>
    private static CapturedIkeMessage? IkeMessageOf(UdpDatagram datagram)
    {
        if (datagram.Source.Port == IkePort || datagram.Destination.Port == IkePort)
        {
            return new CapturedIkeMessage(datagram.Source, datagram.Destination, datagram.Payload);
        }

        if ((datagram.Source.Port == NatTraversalPort || datagram.Destination.Port == NatTraversalPort)
            && datagram.Payload.Length > 4 && BinaryPrimitives.ReadUInt32BigEndian(datagram.Payload) == 0)
        {
            return new CapturedIkeMessage(datagram.Source, datagram.Destination, datagram.Payload[4..]);
        }

        return null;
    }

    private IEnumerable<CapturedIkeMessage> Exchange(ExchangeType type, uint messageId) =>
        Messages.Where(m => m.Header.ExchangeType == type && m.Header.MessageId == messageId);
}
