using System.Net;
using System.Text;
using SwanShell.Engine.Daemon.Network;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>
/// A peer of the test's own: an IKE engine on a UDP socket that brings up childless IKE SAs (RFC 6023) with a daemon,
/// as a strongSwan peer does by default when both sides announce CHILDLESS_IKEV2_SUPPORTED.
/// </summary>
public sealed class ChildlessPeer : IIkeDatagramSender, IDisposable
{
    private readonly IkeSocket _socket;
    private readonly IkeEngine _engine;

    public ChildlessPeer(IPAddress local)
    {
        _socket = IkeSocket.Bind(new IPEndPoint(local, 0), natTraversal: false, kernelEspInUdp: false, (message, remote, socket) => _engine!.Receive(message, remote, socket.LocalEndPoint));
        _engine = new IkeEngine(_socket.LocalEndPoint, this, TimeProvider.System, _ => null);
    }

    /// <summary>Negotiates an IKE SA (AES-GCM-128, SHA2-256, ECP-256, PSK) and returns it once established.</summary>
    public IkeSa Connect(IPEndPoint daemon, string id, string daemonId, string psk)
    {
        var options = new IkeSaOptions
        {
            IkeProposals = [new Proposal(1, SecurityProtocolId.IKE, ReadOnlyMemory<byte>.Empty,
                [Transform.Encryption(EncryptionTransformId.ENCR_AES_GCM_16, 128), Transform.Prf(PrfTransformId.PRF_HMAC_SHA2_256), Transform.KeyExchange(KeyExchangeTransformId.ECP_256)])],
            LocalIdentity = Identity.Fqdn(id),
            RemoteIdentity = Identity.Fqdn(daemonId),
            PreSharedKey = Encoding.UTF8.GetBytes(psk),
            Childless = true,

            // Required, though a childless IKE_AUTH proposes no Child SA.
            ChildProposals = [],
            LocalTrafficSelectors = [],
            RemoteTrafficSelectors = [],
        };
        var sa = _engine.Initiate(options, daemon);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sa.State != IkeSaState.Established)
        {
            if (sa.State is IkeSaState.Failed or IkeSaState.Deleted || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The childless IKE SA with {daemon} was not established: {sa.State}.");
            }

            Thread.Sleep(10);
        }

        return sa;
    }

    public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote) => _socket.Send(datagram.Span, remote);

    public void Dispose()
    {
        _socket.Dispose();
        _engine.Dispose();
    }
}
