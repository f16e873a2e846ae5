using System.Net;
using System.Numerics;
using System.Text;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using ConfigProposal = SwanShell.Engine.Config.Proposal;
using IkeTrafficSelector = SwanShell.Engine.Ike.TrafficSelector;
using WireProposal = SwanShell.Engine.Ike.Proposal;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// Turns a connection of the daemon (ike=, esp=, ids, subnets, esn=, the PSK of ipsec.secrets) into what the IKE
/// engine negotiates with. The config's algorithm enums carry the IANA numbers the wire uses, so mapping is a cast.
/// </summary>
public static class IkeSaOptionsFactory
{
    /// <param name="connection">The connection.</param>
    /// <param name="secrets">ipsec.secrets, for its PSK.</param>
    /// <param name="initialContact">As initiator, whether to tell the peer we hold no other IKE SA with it (INITIAL_CONTACT).</param>
    /// <param name="childSpis">Where the SPIs of its inbound Child SAs come from (the kernel); random when null.</param>
    /// <exception cref="ControlException">The connection needs a PSK that ipsec.secrets does not have, or uses what SwanShell does not support yet.</exception>
    public static IkeSaOptions Create(Connection connection, IpsecSecrets? secrets, bool initialContact = false, ChildSpiAllocator? childSpis = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var definition = connection.Definition;
        var credentials = connection.Credentials;
        if (credentials.Problem is { } problem)
        {
            throw new ControlException(credentials.ProblemCode, problem, connection.Name);
        }

        var localId = connection.Oriented.Local.Id is { Kind: not IkeIdentityKind.FromCertificate } configured ? configured
            : credentials.LocalIdentity is { } fromCertificate ? new IkeIdentity(IkeIdentityKind.DistinguishedName, fromCertificate.ToString())
            : IdentityOf(connection.LocalAddress);
        var remoteId = connection.Oriented.Remote.Id ?? (connection.RemoteAddress is { } remote && credentials.RemoteIdentity is null ? IdentityOf(remote) : null);
        return new IkeSaOptions
        {
            IkeProposals = [.. definition.Ike.Select((p, i) => ToWire(p, (byte)(i + 1), SecurityProtocolId.IKE, definition.Esn, keyExchanges: true))],
            ChildProposals = [.. definition.Esp.Select((p, i) => ToWire(p, (byte)(i + 1), SecurityProtocolId.ESP, definition.Esn, keyExchanges: definition.Pfs))],
            LocalIdentity = credentials.LocalIdentity ?? ToWire(localId, connection.Name),
            RemoteIdentity = remoteId is null || remoteId.Kind is IkeIdentityKind.Any or IkeIdentityKind.FromCertificate
                ? credentials.RemoteIdentity
                : ToWire(remoteId, connection.Name),
            PreSharedKey = credentials.UsesPreSharedKey ? PreSharedKey(connection, secrets, localId, remoteId) : ReadOnlyMemory<byte>.Empty,
            Certificate = credentials.Certificate,
            CertificateChain = credentials.CertificateChain,
            SendCertificate = credentials.SendCertificate,
            TrustedCertificateAuthorities = credentials.TrustedAuthorities,
            RequiredCertificateAuthority = credentials.RequiredAuthority,
            PeerSignatureKeys = credentials.PeerSignatureKeys,
            AcceptRsaSha1Signature = credentials.AcceptRsaSha1Signature,
            LocalTrafficSelectors = [.. connection.Selectors.Select(s => s.Source).Distinct().Select(Range)],
            RemoteTrafficSelectors = [.. RemoteSelectors(connection)],
            Retransmission = Retransmission(definition),
            KeyingTries = (int)(definition.KeyingTries ?? 0),
            ChildPfsWithIkeGroup = definition.Pfs,
            Liveness = Liveness(definition),
            InitialContact = initialContact,
            AllocateChildSpi = childSpis,
        };
    }

    /// <summary>
    /// libreswan's retransmission: the first after retransmit-interval=, each wait twice the one before, until
    /// retransmit-timeout= has passed since the request was first sent.
    /// </summary>
    public static RetransmissionOptions Retransmission(ConnectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var (tries, waited) = (0, definition.RetransmitInterval);
        while (waited < definition.RetransmitTimeout)
        {
            tries++;
            waited += definition.RetransmitInterval * Math.Pow(2, tries);
        }

        return new RetransmissionOptions(definition.RetransmitInterval, 2, tries);
    }

    /// <summary>
    /// Liveness checks every dpddelay= (none when 0). What follows a dead peer comes from auto=, as in libreswan 5
    /// (dpdaction= is obsolete): auto=start/keep negotiate again, auto=route/ondemand keep the trap, others clear.
    /// </summary>
    public static LivenessOptions? Liveness(ConnectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.DpdDelay <= TimeSpan.Zero)
        {
            return null;
        }

        var action = definition.Auto switch
        {
            AutoStart.Start or AutoStart.Keep => LivenessAction.Restart,
            AutoStart.OnDemand => LivenessAction.Hold,
            _ => LivenessAction.Clear,
        };
        return new LivenessOptions(definition.DpdDelay, definition.DpdTimeout > TimeSpan.Zero ? definition.DpdTimeout : null, action);
    }

    /// <summary>The identity an end without <c>leftid=</c> has: its address, as libreswan does.</summary>
    public static IkeIdentity IdentityOf(IPAddress address) =>
        new(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IkeIdentityKind.Ipv6Address : IkeIdentityKind.Ipv4Address, address.ToString());

    /// <summary>One IPv4 or IPv6 network as the TS address range it covers.</summary>
    public static IkeTrafficSelector Range(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        var hostBits = (bytes.Length * 8) - network.PrefixLength;
        var first = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var last = first | ((BigInteger.One << hostBits) - 1);
        var lastBytes = new byte[bytes.Length];
        last.TryWriteBytes(lastBytes.AsSpan(bytes.Length - last.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return IkeTrafficSelector.AddressRange(network.BaseAddress, new IPAddress(lastBytes));
    }

    private static byte[] PreSharedKey(Connection connection, IpsecSecrets? secrets, IkeIdentity localId, IkeIdentity? remoteId) =>
        (secrets?.FindPreSharedKey(localId, remoteId)?.Secret
            ?? throw new ControlException(ControlErrorCodes.SecretNotFound,
                $"No PSK for {localId} and {remoteId?.ToString() ?? "%any"} in ipsec.secrets; add a line such as '{localId} {remoteId?.ToString() ?? "%any"} : PSK \"...\"' and run Update-IpsecSecret.",
                connection.Name)).Expose().ToArray();

    /// <summary>A responder for %any with no subnet takes whatever the peer is: its whole address family.</summary>
    private static List<IkeTrafficSelector> RemoteSelectors(Connection connection)
    {
        var remote = connection.Selectors.Select(s => s.Destination).Distinct().Select(Range).ToList();
        if (remote.Count > 0)
        {
            return remote;
        }

        return [Range(IPNetwork.Parse(connection.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0"))];
    }

    /// <summary>
    /// One proposal on the wire. ESP proposals carry esp='s key exchange and additional key exchanges only with PFS
    /// (the engine drops them for the Child SA of IKE_AUTH, which has no KE of its own, RFC 7296 §1.2); they are
    /// what CREATE_CHILD_SA offers, with one IKE_FOLLOWUP_KE per ADDKE (RFC 9370 §2.2.4).
    /// </summary>
    private static WireProposal ToWire(ConfigProposal proposal, byte number, SecurityProtocolId protocol, EsnPolicy esn, bool keyExchanges)
    {
        var transforms = new List<Transform>();
        transforms.AddRange(proposal.Encryption.Select(e => Transform.Encryption((EncryptionTransformId)(int)e.Algorithm, e.KeyLength)));
        transforms.AddRange(proposal.PseudorandomFunctions.Select(p => Transform.Prf((PrfTransformId)(int)p)));
        transforms.AddRange(proposal.Integrity.Select(i => Transform.Integrity((IntegrityTransformId)(int)i)));
        if (keyExchanges)
        {
            transforms.AddRange(proposal.KeyExchange.Select(k => Transform.KeyExchange((KeyExchangeTransformId)(int)k)));
            for (var i = 0; i < proposal.AdditionalKeyExchanges.Count; i++)
            {
                var type = (TransformType)((int)TransformType.AdditionalKeyExchange1 + i);
                transforms.AddRange(proposal.AdditionalKeyExchanges[i].Select(k => Transform.KeyExchange((KeyExchangeTransformId)(int)k, type)));
            }
        }

        if (protocol == SecurityProtocolId.ESP)
        {
            // ESP proposals always state ESN (§3.3.2).
            transforms.AddRange(esn switch
            {
                EsnPolicy.Yes => [Transform.ExtendedSequenceNumbers(true)],
                EsnPolicy.No => [Transform.ExtendedSequenceNumbers(false)],
                _ => [Transform.ExtendedSequenceNumbers(true), Transform.ExtendedSequenceNumbers(false)],
            });
        }

        return new WireProposal(number, protocol, ReadOnlyMemory<byte>.Empty, transforms);
    }

    private static Identity ToWire(IkeIdentity id, string connection) => id.Kind switch
    {
        IkeIdentityKind.Fqdn or IkeIdentityKind.HostName => Identity.Fqdn(id.Value),
        IkeIdentityKind.UserFqdn => new Identity(IdentificationType.ID_RFC822_ADDR, Encoding.ASCII.GetBytes(id.Value)),
        IkeIdentityKind.Ipv4Address or IkeIdentityKind.Ipv6Address => Identity.Address(IPAddress.Parse(id.Value)),
        IkeIdentityKind.DistinguishedName when DistinguishedNames.TryParse(id.Value, out var name) => Identity.DistinguishedName(name!),
        IkeIdentityKind.KeyId => new Identity(IdentificationType.ID_KEY_ID, Convert.FromHexString(id.Value)),
        IkeIdentityKind.Null => new Identity(IdentificationType.ID_NULL, []),
        _ => throw new ControlException(ControlErrorCodes.NotSupported, $"'{connection}': the identity {id} is not supported by SwanShell yet.", connection),
    };
}
