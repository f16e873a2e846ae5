using System.Net;
using System.Numerics;
using SwanShell.Engine.Config;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Operations;
using IkeTrafficSelector = SwanShell.Engine.Ike.TrafficSelector;
using KernelTrafficSelector = SwanShell.Engine.Kernel.TrafficSelector;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// The kernel side of a negotiated Child SA: the inbound and outbound SAs with their keys, and the IPsec policies
/// for its traffic selectors (out, in and, in tunnel mode, forward). A trap of the connection for the same traffic
/// is replaced by the IPsec policy, so that undoing the plan puts the trap back. A rekeyed Child SA only adds its two
/// SAs: the policies of the one it replaces stay, as they name the reqid, not the SPIs. A policy another Child SA of
/// the connection holds for the same traffic (a second IKE SA of the peer with uniqueids=no) is updated, not added
/// again, which the kernel would refuse.
/// </summary>
public static class ChildSaPlanner
{
    /// <param name="connection">The connection the Child SA belongs to.</param>
    /// <param name="ikeSa">Its IKE SA.</param>
    /// <param name="child">The negotiated Child SA.</param>
    /// <param name="marks">The marks of its SAs and policies.</param>
    /// <param name="rekey">Whether it replaces a rekeyed Child SA (whose policies it takes over).</param>
    /// <param name="held">The policies other Child SAs of the connection have in the kernel, by id.</param>
    public static (KernelSa Inbound, KernelSa Outbound, IReadOnlyList<KernelOperation> Plan) Plan(
        Connection connection, IkeSa ikeSa, ChildSa child, SaMarks marks, bool rekey = false, IReadOnlyDictionary<KernelPolicyId, KernelPolicy>? held = null)
    {
        ArgumentNullException.ThrowIfNull(child);
        var (local, remote, mode) = EndsOf(connection, ikeSa);
        var (inboundKeys, outboundKeys) = Keys(child);
        var lifetime = Lifetime(connection.Definition, child.IsInitiator);
        var encapsulation = child.UdpEncapsulation ? new UdpEncapsulation((ushort)ikeSa.Local.Port, (ushort)ikeSa.Remote.Port) : null;
        var esn = child.Proposal.Transforms.Any(t => t.Type == TransformType.ExtendedSequenceNumbers && t.Id == 1);
        var inbound = new KernelSa(new KernelSaId(local, child.InboundSpi, IpsecProtocol.Esp, marks.In), remote, connection.Reqid, mode, inboundKeys, lifetime,
            connection.Definition.ReplayWindow, esn, encapsulation is null ? null : new UdpEncapsulation(encapsulation.DestinationPort, encapsulation.SourcePort));
        var outbound = new KernelSa(new KernelSaId(remote, child.OutboundSpi, IpsecProtocol.Esp, marks.Out), local, connection.Reqid, mode, outboundKeys, lifetime,
            connection.Definition.ReplayWindow, esn, encapsulation);

        var plan = new List<KernelOperation> { new AddSaOperation(inbound), new AddSaOperation(outbound) };
        foreach (var policy in rekey ? [] : Policies(connection, ikeSa, child, marks))
        {
            plan.Add(Place(policy, held, connection.InstalledPolicies.FirstOrDefault(p => p.Id == policy.Id)));
        }

        return (inbound, outbound, plan);
    }

    /// <summary>The IPsec policies of a Child SA: for each selector, out, in and, in tunnel mode, forward.</summary>
    public static IEnumerable<KernelPolicy> Policies(Connection connection, IkeSa ikeSa, ChildSa child, SaMarks marks)
    {
        ArgumentNullException.ThrowIfNull(child);
        var (local, remote, mode) = EndsOf(connection, ikeSa);
        foreach (var selector in Selectors(child))
        {
            var priority = PolicyPlanner.PriorityOf(connection, selector);
            yield return new KernelPolicy(new KernelPolicyId(selector, PolicyDirection.Out, marks.Out), PolicyKind.Ipsec, priority, new IpsecTemplate(local, remote, IpsecProtocol.Esp, mode, connection.Reqid));
            var incoming = new IpsecTemplate(remote, local, IpsecProtocol.Esp, mode, connection.Reqid);
            yield return new KernelPolicy(new KernelPolicyId(selector.Reverse(), PolicyDirection.In, marks.In), PolicyKind.Ipsec, priority, incoming);
            if (mode == IpsecMode.Tunnel)
            {
                yield return new KernelPolicy(new KernelPolicyId(selector.Reverse(), PolicyDirection.Forward, marks.In), PolicyKind.Ipsec, priority, incoming);
            }
        }
    }

    /// <summary>Our address, the peer's, and the mode of the connection's SAs.</summary>
    private static (IPAddress Local, IPAddress Remote, IpsecMode Mode) EndsOf(Connection connection, IkeSa ikeSa)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ikeSa);
        return (ikeSa.Local.Address, ikeSa.Remote.Address, connection.Definition.Type == ConnectionType.Transport ? IpsecMode.Transport : IpsecMode.Tunnel);
    }

    /// <summary>The policy an operation of a plan installs, if it installs one.</summary>
    public static KernelPolicy? PolicyOf(KernelOperation operation) => operation switch
    {
        AddPolicyOperation add => add.Policy,
        UpdatePolicyOperation update => update.Policy,
        _ => null,
    };

    /// <summary>The policy id an operation of a plan installs, if it installs one.</summary>
    public static KernelPolicyId? PolicyIdOf(KernelOperation operation) => PolicyOf(operation)?.Id;

    /// <summary>Updates the policy of the same id that is there (another Child SA's, or the trap), else adds it.</summary>
    private static KernelOperation Place(KernelPolicy policy, IReadOnlyDictionary<KernelPolicyId, KernelPolicy>? held, KernelPolicy? trap) =>
        held is not null && held.TryGetValue(policy.Id, out var there) ? new UpdatePolicyOperation(policy, there)
        : trap is not null ? new UpdatePolicyOperation(policy, trap)
        : new AddPolicyOperation(policy);

    /// <summary>Each pair of negotiated local and remote networks, local to remote.</summary>
    public static IEnumerable<KernelTrafficSelector> Selectors(ChildSa child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return from l in child.LocalTrafficSelectors.SelectMany(Networks)
               from r in child.RemoteTrafficSelectors.SelectMany(Networks)
               where l.BaseAddress.AddressFamily == r.BaseAddress.AddressFamily
               select KernelTrafficSelector.Between(l, r);
    }

    /// <summary>The CIDR blocks that exactly cover a TS address range (XFRM selectors are prefixes, IKE TS ranges).</summary>
    public static IEnumerable<IPNetwork> Networks(IkeTrafficSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.StartAddress is not { } start || selector.EndAddress is not { } end)
        {
            yield break;
        }

        var bits = start.GetAddressBytes().Length * 8;
        var first = new BigInteger(start.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var last = new BigInteger(end.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        while (first <= last)
        {
            var size = 0;
            while (size < bits && (first & ((BigInteger.One << (size + 1)) - 1)) == 0 && first + (BigInteger.One << (size + 1)) - 1 <= last)
            {
                size++;
            }

            yield return new IPNetwork(ToAddress(first, bits / 8), bits - size);
            first += BigInteger.One << size;
        }
    }

    private static IPAddress ToAddress(BigInteger value, int length)
    {
        var bytes = new byte[length];
        var used = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes.AsSpan(length - used), out _, isUnsigned: true, isBigEndian: true);
        return new IPAddress(bytes);
    }

    /// <summary>The keys each way: KEYMAT's initiator-to-responder half is inbound for the responder (RFC 7296 §2.17).</summary>
    private static (SaAlgorithms Inbound, SaAlgorithms Outbound) Keys(ChildSa child)
    {
        var encryption = child.Proposal.Transforms.First(t => t.Type == TransformType.Encryption).Id;
        int? integrity = child.Proposal.Transforms.FirstOrDefault(t => t.Type == TransformType.Integrity && t.Id != 0) is { } i ? i.Id : null;
        var keys = child.Keys;
        var toResponder = new SaAlgorithms(encryption, keys.EncryptionKeyInitiatorToResponder.ToArray(), integrity, integrity is null ? null : keys.IntegrityKeyInitiatorToResponder.ToArray());
        var toInitiator = new SaAlgorithms(encryption, keys.EncryptionKeyResponderToInitiator.ToArray(), integrity, integrity is null ? null : keys.IntegrityKeyResponderToInitiator.ToArray());
        return child.IsInitiator ? (toInitiator, toResponder) : (toResponder, toInitiator);
    }

    /// <summary>Hard at <c>ipsec-lifetime</c>; soft, which starts the rekey, when <see cref="RekeySchedule"/> says.</summary>
    private static KernelLifetime Lifetime(ConnectionDefinition definition, bool creator)
    {
        var hard = definition.IpsecLifetime;
        var soft = RekeySchedule.RekeyAfter(hard, definition.RekeyMargin, definition.RekeyFuzzPercent, creator, Random.Shared);
        return new KernelLifetime(SoftTime: soft, HardTime: hard, HardBytes: definition.IpsecMaxBytes, HardPackets: definition.IpsecMaxPackets);
    }
}
