using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace SwanShell.Engine.Kernel.Memory;

/// <summary>
/// An in-process model of the XFRM stack with the same semantics the engine relies on: SPIs, SAs with counters
/// and lifetimes on a <see cref="TimeProvider"/>, policies matched by priority, ACQUIRE from traps (once per
/// pending negotiation, as the kernel's larval states do), and EXPIRE. The back end of unit tests, of demos
/// without root and of -WhatIf planning.
/// </summary>
public sealed class MemoryKernel : IKernel
{
    /// <summary>How long a trap holds off repeating an ACQUIRE (the kernel's net.core.xfrm_acq_expires default).</summary>
    public static readonly TimeSpan AcquireTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<KernelSaId, InstalledSa> _sas = [];
    private readonly Dictionary<KernelPolicyId, KernelPolicy> _policies = [];
    private readonly HashSet<KernelRoute> _routes = [];
    private readonly HashSet<KernelAddress> _addresses = [];
    private readonly HashSet<(IPAddress Destination, IpsecProtocol Protocol, uint Spi)> _allocatedSpis = [];
    private readonly Dictionary<KernelPolicyId, DateTimeOffset> _pendingAcquires = [];
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true });

    public MemoryKernel(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public string Name => "Memory";

    public ChannelReader<KernelEvent> Events => _events.Reader;

    public uint AllocateSpi(IPAddress source, IPAddress destination, IpsecProtocol protocol, uint reqid)
    {
        lock (_gate)
        {
            while (true)
            {
                // SPIs 1..255 are reserved by IANA; the kernel allocates from 256 up.
                var spi = (uint)RandomNumberGenerator.GetInt32(0x100, int.MaxValue);
                if (_allocatedSpis.Add((destination, protocol, spi)))
                {
                    return spi;
                }
            }
        }
    }

    public void AddSa(KernelSa sa)
    {
        lock (_gate)
        {
            if (_sas.ContainsKey(sa.Id))
            {
                throw new KernelException(KernelError.Exists, $"Cannot add the SA {sa.Id}: it already exists.");
            }

            var installed = new InstalledSa(sa, _time.GetUtcNow());
            installed.SoftTimer = Schedule(sa.Lifetime.SoftTime, () => Expire(sa.Id, hard: false));
            installed.HardTimer = Schedule(sa.Lifetime.HardTime, () => Expire(sa.Id, hard: true));
            _sas.Add(sa.Id, installed);
            _allocatedSpis.Add((sa.Id.Destination, sa.Id.Protocol, sa.Id.Spi));

            // An SA for a trap's reqid settles the negotiation the trap asked for (the few pending, not every policy).
            foreach (var trap in _pendingAcquires.Keys.Where(id => _policies.TryGetValue(id, out var p) && p.Template?.Reqid == sa.Reqid).ToList())
            {
                _pendingAcquires.Remove(trap);
            }
        }
    }

    public KernelSaState QuerySa(KernelSaId id)
    {
        lock (_gate)
        {
            return Find(id, "query").State;
        }
    }

    public void DeleteSa(KernelSaId id)
    {
        lock (_gate)
        {
            Find(id, "delete").Dispose();
            _sas.Remove(id);
            _allocatedSpis.Remove((id.Destination, id.Protocol, id.Spi));
        }
    }

    public void AddPolicy(KernelPolicy policy)
    {
        lock (_gate)
        {
            if (!_policies.TryAdd(policy.Id, policy))
            {
                throw new KernelException(KernelError.Exists, $"Cannot add the policy {policy.Id}: it already exists.");
            }
        }
    }

    /// <summary>Adds or replaces, as XFRM_MSG_UPDPOLICY does.</summary>
    public void UpdatePolicy(KernelPolicy policy)
    {
        lock (_gate)
        {
            _policies[policy.Id] = policy;
            _pendingAcquires.Remove(policy.Id);
        }
    }

    public void DeletePolicy(KernelPolicyId id)
    {
        lock (_gate)
        {
            if (!_policies.Remove(id))
            {
                throw new KernelException(KernelError.NotFound, $"Cannot delete the policy {id}: there is no such policy.");
            }

            _pendingAcquires.Remove(id);
        }
    }

    public void AddRoute(KernelRoute route)
    {
        lock (_gate)
        {
            if (!_routes.Add(route))
            {
                throw new KernelException(KernelError.Exists, $"Cannot add the route to {route.Destination}: it already exists.");
            }
        }
    }

    public void DeleteRoute(KernelRoute route)
    {
        lock (_gate)
        {
            if (!_routes.Remove(route))
            {
                throw new KernelException(KernelError.NotFound, $"Cannot delete the route to {route.Destination}: there is no such route.");
            }
        }
    }

    /// <summary>The simulated host has no routing: routes are taken as given.</summary>
    public KernelNextHop? NextHopTo(IPAddress destination) => null;

    /// <summary>The simulated host has the addresses added to it, and no others.</summary>
    public bool HasAddress(IPAddress address)
    {
        lock (_gate)
        {
            return _addresses.Any(a => a.Address.Equals(address));
        }
    }

    public void AddAddress(KernelAddress address)
    {
        lock (_gate)
        {
            if (!_addresses.Add(address))
            {
                throw new KernelException(KernelError.Exists, $"Cannot add the address {address}: it already exists.");
            }
        }
    }

    public void DeleteAddress(KernelAddress address)
    {
        lock (_gate)
        {
            if (!_addresses.Remove(address))
            {
                throw new KernelException(KernelError.NotFound, $"Cannot delete the address {address}: there is no such address.");
            }
        }
    }

    /// <summary>Nothing to do: simulated packets never reach real sockets.</summary>
    public void BypassPolicies(Socket socket)
    {
    }

    public IReadOnlyList<KernelSaState> ListSas()
    {
        lock (_gate)
        {
            return [.. _sas.Values.Select(s => s.State)];
        }
    }

    /// <summary>
    /// Our policies, with the kind the kernel would show: a policy with a template is a trap until an SA for its
    /// template exists and an IPsec policy from then on (to XFRM they are one thing).
    /// </summary>
    public IReadOnlyList<KernelPolicy> ListPolicies()
    {
        lock (_gate)
        {
            return [.. _policies.Values.Select(p => p.Template is { } template ? p with { Kind = FindSa(template) is null ? PolicyKind.Trap : PolicyKind.Ipsec } : p)];
        }
    }

    public IReadOnlyList<KernelRoute> ListRoutes()
    {
        lock (_gate)
        {
            return [.. _routes];
        }
    }

    public KernelFlushResult Flush()
    {
        lock (_gate)
        {
            var result = new KernelFlushResult(_sas.Count, _policies.Count, _routes.Count, _addresses.Count);
            foreach (var sa in _sas.Values)
            {
                sa.Dispose();
            }

            _sas.Clear();
            _policies.Clear();
            _routes.Clear();
            _addresses.Clear();
            _allocatedSpis.Clear();
            _pendingAcquires.Clear();
            return result;
        }
    }

    /// <summary>
    /// Sends one simulated outbound packet through the policies: the best (lowest priority value) outbound
    /// policy decides, and an SA that protects it counts its bytes and packets and may reach a lifetime limit.
    /// </summary>
    public SimulatedPacketOutcome SendPacket(IPAddress source, IPAddress destination, int bytes, byte protocol = 0, ushort sourcePort = 0, ushort destinationPort = 0)
    {
        lock (_gate)
        {
            var policy = _policies.Values
                .Where(p => p.Id.Direction == PolicyDirection.Out && p.Id.Selector.Matches(source, destination, protocol, sourcePort, destinationPort))
                .OrderBy(p => p.Priority)
                .FirstOrDefault();
            switch (policy?.Kind)
            {
                case null:
                    return SimulatedPacketOutcome.Clear;
                case PolicyKind.Pass:
                    return SimulatedPacketOutcome.Passed;
                case PolicyKind.Drop:
                    return SimulatedPacketOutcome.Dropped;
            }

            var template = policy.Template!;
            if (FindSa(template) is { } sa)
            {
                Count(sa, bytes);
                return SimulatedPacketOutcome.Protected;
            }

            var now = _time.GetUtcNow();
            if (_pendingAcquires.TryGetValue(policy.Id, out var since) && now - since < AcquireTimeout)
            {
                return SimulatedPacketOutcome.Held;
            }

            _pendingAcquires[policy.Id] = now;
            var packet = new TrafficSelector(new IPNetwork(source, source.GetAddressBytes().Length * 8), new IPNetwork(destination, destination.GetAddressBytes().Length * 8), protocol, sourcePort, sourcePort, destinationPort, destinationPort);
            _events.Writer.TryWrite(new AcquireEvent(policy.Id, packet, template.Reqid));
            return SimulatedPacketOutcome.Acquired;
        }
    }

    /// <summary>Counts a simulated inbound packet on an SA of ours, as decryption would.</summary>
    public void ReceivePacket(KernelSaId id, int bytes)
    {
        lock (_gate)
        {
            Count(Find(id, "receive on"), bytes);
        }
    }

    public void Dispose()
    {
        Flush();
        _events.Writer.TryComplete();
    }

    private void Count(InstalledSa sa, int bytes)
    {
        sa.State = sa.State with { Bytes = sa.State.Bytes + (ulong)bytes, Packets = sa.State.Packets + 1, LastUsedAt = _time.GetUtcNow() };
        var lifetime = sa.State.Sa.Lifetime;
        var id = sa.State.Sa.Id;
        if (Reached(sa.State, lifetime.HardBytes, lifetime.HardPackets))
        {
            sa.Dispose();
            _sas.Remove(id);
            _events.Writer.TryWrite(new ExpireEvent(id, sa.State.Sa.Reqid, Hard: true));
        }
        else if (!sa.SoftExpired && Reached(sa.State, lifetime.SoftBytes, lifetime.SoftPackets))
        {
            sa.SoftExpired = true;
            _events.Writer.TryWrite(new ExpireEvent(id, sa.State.Sa.Reqid, Hard: false));
        }
    }

    private static bool Reached(KernelSaState state, ulong? bytes, ulong? packets) =>
        state.Bytes >= (bytes ?? ulong.MaxValue) || state.Packets >= (packets ?? ulong.MaxValue);

    private void Expire(KernelSaId id, bool hard)
    {
        lock (_gate)
        {
            if (!_sas.TryGetValue(id, out var sa))
            {
                return;
            }

            if (hard)
            {
                sa.Dispose();
                _sas.Remove(id);
            }
            else if (sa.SoftExpired)
            {
                return;
            }

            sa.SoftExpired = true;
            _events.Writer.TryWrite(new ExpireEvent(id, sa.State.Sa.Reqid, hard));
        }
    }

    private ITimer? Schedule(TimeSpan? after, Action action) =>
        after is { } due ? _time.CreateTimer(_ => action(), null, due, Timeout.InfiniteTimeSpan) : null;

    /// <summary>The SA a template asks for: same reqid, destination and protocol.</summary>
    private InstalledSa? FindSa(IpsecTemplate template) =>
        _sas.Values.FirstOrDefault(s => s.State.Sa.Reqid == template.Reqid && s.State.Sa.Id.Destination.Equals(template.Destination) && s.State.Sa.Id.Protocol == template.Protocol);

    private InstalledSa Find(KernelSaId id, string operation) =>
        _sas.TryGetValue(id, out var sa) ? sa : throw new KernelException(KernelError.NotFound, $"Cannot {operation} the SA {id}: there is no such SA.");

    private sealed class InstalledSa(KernelSa sa, DateTimeOffset installedAt) : IDisposable
    {
        public KernelSaState State { get; set; } = new(sa, 0, 0, installedAt, null);

        public ITimer? SoftTimer { get; set; }

        public ITimer? HardTimer { get; set; }

        public bool SoftExpired { get; set; }

        public void Dispose()
        {
            SoftTimer?.Dispose();
            HardTimer?.Dispose();
        }
    }
}
