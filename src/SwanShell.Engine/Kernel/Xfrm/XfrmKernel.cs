using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Structs;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// The Linux kernel's XFRM stack over netlink: NETLINK_XFRM for SPIs, SAs, policies and the ACQUIRE/EXPIRE
/// multicast groups, NETLINK_ROUTE for the routes that make local traffic use a tunnel.
/// <para>
/// Ownership survives a crash because it is written into the kernel objects themselves (see
/// <see cref="XfrmOwnership"/>): our SAs and templates carry reqids 0xC0000000 + the engine's reqid, our policies
/// an index from 0xC0000000 up. Everything else in the namespace — `ip xfrm` entries, another daemon's — is
/// invisible to <see cref="ListSas"/>, <see cref="ListPolicies"/> and <see cref="Flush"/>, and the single-object
/// operations treat it as absent. Routes live in <see cref="RouteTable"/>, a table of our own.
/// </para>
/// <para>
/// XFRM has no trap object: a trap is an IPsec policy whose template's SA does not exist yet, so that the kernel
/// raises ACQUIRE. <see cref="ListPolicies"/> therefore reports a policy with a template as
/// <see cref="PolicyKind.Trap"/> while no SA of ours with its reqid and destination is installed.
/// </para>
/// <para>
/// Disposing closes the sockets and leaves the kernel state in place; <see cref="Flush"/> removes it. One instance
/// per network namespace at a time (one daemon): a new one continues the policy indexes its predecessor left, but
/// two live ones would hand out the same index, and the kernel replaces a taken index with one outside our band.
/// </para>
/// </summary>
public sealed partial class XfrmKernel : IKernel
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    // Socket options of linux/in.h and linux/in6.h.
    private const int SolIp = 0;
    private const int IpXfrmPolicy = 17;
    private const int SolIpv6 = 41;
    private const int Ipv6XfrmPolicy = 35;

    private readonly NetlinkSocket _xfrm;
    private readonly NetlinkSocket _events;
    private readonly NetlinkSocket _route;
    private readonly Channel<KernelEvent> _channel = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly Lock _gate = new();

    // SPIs from ALLOCSPI that no SA uses yet: their larval SA is replaced by XFRM_MSG_UPDSA, not added.
    private readonly HashSet<(IPAddress Destination, IpsecProtocol Protocol, uint Spi)> _allocatedSpis = [];
    private uint? _nextPolicySerial;

    private XfrmKernel(NetlinkSocket xfrm, NetlinkSocket events, NetlinkSocket route)
    {
        (_xfrm, _events, _route) = (xfrm, events, route);
        _reader = Task.Run(ReadEventsAsync);
    }

    public string Name => "Xfrm";

    public ChannelReader<KernelEvent> Events => _channel.Reader;

    /// <summary>
    /// Opens the kernel interface in the current network namespace, or in the one at <paramref name="networkNamespace"/>
    /// (a path such as /run/netns/NAME). Needs CAP_NET_ADMIN there.
    /// </summary>
    public static XfrmKernel Open(string? networkNamespace = null) =>
        networkNamespace is null ? OpenHere() : NetworkNamespace.Run(networkNamespace, OpenHere);

    public uint AllocateSpi(IPAddress source, IPAddress destination, IpsecProtocol protocol, uint reqid)
    {
        var answers = Xfrm(XfrmMessages.AllocateSpi(source, destination, protocol, reqid), "allocate an SPI for", "SA", $"{protocol.ToString().ToUpperInvariant()} from {source} to {destination}");
        var spi = XfrmMessages.ReadSpi(answers.Single());
        lock (_gate)
        {
            _allocatedSpis.Add((destination, protocol, spi));
        }

        return spi;
    }

    public void AddSa(KernelSa sa)
    {
        ArgumentNullException.ThrowIfNull(sa);
        var allocated = (sa.Id.Destination, sa.Id.Protocol, sa.Id.Spi);
        bool update;
        lock (_gate)
        {
            update = _allocatedSpis.Contains(allocated);
        }

        try
        {
            Xfrm(XfrmMessages.AddSa(sa, update), "add", "SA", sa.Id);
        }
        catch (KernelException e) when (update && e.Error == KernelError.NotFound)
        {
            // The larval SA timed out (net.core.xfrm_acq_expires, 30 s by default) before the negotiation ended.
            Xfrm(XfrmMessages.AddSa(sa, update: false), "add", "SA", sa.Id);
        }

        lock (_gate)
        {
            _allocatedSpis.Remove(allocated);
        }
    }

    public KernelSaState QuerySa(KernelSaId id) => XfrmMessages.ReadSa(FindSa(id, "query"))!;

    public void DeleteSa(KernelSaId id)
    {
        FindSa(id, "delete");
        Xfrm(XfrmMessages.SaById(XfrmMessageType.DelSa, id), "delete", "SA", id);
    }

    public void AddPolicy(KernelPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Xfrm(XfrmMessages.AddPolicy(policy, NextPolicyIndex(policy.Id.Direction), update: false), "add", "policy", policy.Id);
    }

    /// <summary>Adds or replaces, as XFRM_MSG_UPDPOLICY does, but never replaces a policy that is not ours.</summary>
    public void UpdatePolicy(KernelPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var existing = FindPolicy(policy.Id, "update");
        if (existing is { Ours: false })
        {
            throw new KernelException(KernelError.Exists, $"Cannot update the policy {policy.Id}: a policy that is not ours (index {existing.Value.Index}) has its selector.");
        }

        Xfrm(XfrmMessages.AddPolicy(policy, existing?.Index ?? NextPolicyIndex(policy.Id.Direction), update: true), "update", "policy", policy.Id);
    }

    public void DeletePolicy(KernelPolicyId id)
    {
        var existing = FindPolicy(id, "delete");
        if (existing is not { Ours: true })
        {
            throw XfrmErrors.NotFound("delete", "policy", id, foreign: existing is not null);
        }

        Xfrm(XfrmMessages.PolicyById(XfrmMessageType.DelPolicy, id), "delete", "policy", id);
    }

    public void BypassPolicies(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var (level, option, family) = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? (SolIpv6, Ipv6XfrmPolicy, AddressFamilies.Inet6)
            : (SolIp, IpXfrmPolicy, AddressFamilies.Inet);
        SetSocketOption(socket, "exempt from IPsec policies", level, option, XfrmMessages.BypassPolicy(family, PolicyDirection.In));
        SetSocketOption(socket, "exempt from IPsec policies", level, option, XfrmMessages.BypassPolicy(family, PolicyDirection.Out));
    }

    public IReadOnlyList<KernelSaState> ListSas() =>
        [.. DumpXfrm(XfrmMessageType.GetSa, "SAs").Select(XfrmMessages.ReadSa).OfType<KernelSaState>()];

    public IReadOnlyList<KernelPolicy> ListPolicies()
    {
        var sas = ListSas().Select(s => s.Sa).ToList();
        return [.. OurPolicies().Select(policy => policy.Template is { } template && !sas.Any(sa => Protects(sa, template)) ? policy with { Kind = PolicyKind.Trap } : policy)];
    }

    public KernelFlushResult Flush()
    {
        var policies = 0;
        foreach (var policy in OurPolicies())
        {
            policies += Removed(() => Xfrm(XfrmMessages.PolicyById(XfrmMessageType.DelPolicy, policy.Id), "flush", "policy", policy.Id));
        }

        var sas = 0;
        foreach (var message in DumpXfrm(XfrmMessageType.GetSa, "SAs"))
        {
            if (XfrmMessages.ReadSaId(message) is not var (id, larval))
            {
                continue;
            }

            // Larval SAs (allocated SPIs, pending ACQUIREs) go too, but only installed SAs count, as in MemoryKernel.
            var removed = Removed(() => Xfrm(XfrmMessages.SaById(XfrmMessageType.DelSa, id), "flush", "SA", id));
            sas += larval ? 0 : removed;
        }

        lock (_gate)
        {
            _allocatedSpis.Clear();
        }

        return new KernelFlushResult(sas, policies, FlushRoutes(), FlushAddresses());
    }

    public void Dispose()
    {
        _stop.Cancel();
        _events.Dispose();
        try
        {
            _reader.Wait(ReplyTimeout);
        }
        catch (AggregateException)
        {
            // The reader reports its own failure through the channel.
        }

        _xfrm.Dispose();
        _route.Dispose();
        _stop.Dispose();
        _channel.Writer.TryComplete();
    }

    private static XfrmKernel OpenHere()
    {
        var sockets = new List<NetlinkSocket>();
        try
        {
            sockets.Add(NetlinkSocket.Open(NetlinkSocket.NetlinkXfrm, ReplyTimeout));
            sockets.Add(NetlinkSocket.Open(NetlinkSocket.NetlinkXfrm, ReplyTimeout));
            sockets[1].Join(XfrmGroup.Acquire);
            sockets[1].Join(XfrmGroup.Expire);
            sockets.Add(NetlinkSocket.Open(NetlinkSocket.NetlinkRoute, ReplyTimeout));
            return new XfrmKernel(sockets[0], sockets[1], sockets[2]);
        }
        catch (NetlinkErrorException e)
        {
            sockets.ForEach(s => s.Dispose());
            var kind = XfrmErrors.Classify(e.ErrorNumber);
            var reason = kind == KernelError.NotSupported ? "this kernel has no XFRM netlink interface (CONFIG_XFRM_USER)" : Errno.Name(e.ErrorNumber);
            throw new KernelException(kind, $"Cannot open the XFRM kernel interface: {reason}.");
        }
        catch (SocketException e)
        {
            // Joining the XFRM multicast groups is where a process without CAP_NET_ADMIN is refused.
            sockets.ForEach(s => s.Dispose());
            var kind = e.SocketErrorCode == SocketError.AccessDenied ? KernelError.PermissionDenied : KernelError.Failed;
            throw new KernelException(kind, $"Cannot open the XFRM kernel interface: {e.Message}.");
        }
    }

    private static void SetSocketOption(Socket socket, string operation, int level, int option, byte[] value)
    {
        try
        {
            socket.SetRawSocketOption(level, option, value);
        }
        catch (SocketException e)
        {
            var kind = e.SocketErrorCode == SocketError.AccessDenied ? KernelError.PermissionDenied : KernelError.Failed;
            throw new KernelException(kind, $"Cannot {operation} the socket {socket.LocalEndPoint}: {e.Message}.");
        }
    }

    private static bool Protects(KernelSa sa, IpsecTemplate template) =>
        sa.Reqid == template.Reqid && sa.Id.Protocol == template.Protocol && sa.Id.Destination.Equals(template.Destination);

    private static int Removed(Action delete)
    {
        try
        {
            delete();
            return 1;
        }
        catch (KernelException e) when (e.Error == KernelError.NotFound)
        {
            return 0; // Gone meanwhile (expired, or removed by a hard EXPIRE).
        }
    }

    private List<NetlinkMessage> Xfrm(NetlinkMessageWriter request, string operation, string noun, object subject)
    {
        try
        {
            return _xfrm.Request(request);
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, operation, noun, subject);
        }
    }

    private List<NetlinkMessage> DumpXfrm(ushort type, string what)
    {
        try
        {
            return _xfrm.Dump(XfrmMessages.Dump(type));
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "list", "XFRM", what);
        }
    }

    private IEnumerable<KernelPolicy> OurPolicies() =>
        DumpXfrm(XfrmMessageType.GetPolicy, "policies").Select(XfrmMessages.ReadPolicy).OfType<(KernelPolicy Policy, uint Index)>().Select(p => p.Policy);

    /// <summary>The kernel's answer for an installed SA of ours; an SA of someone else's or a larval one counts as absent.</summary>
    private NetlinkMessage FindSa(KernelSaId id, string operation)
    {
        var answer = Xfrm(XfrmMessages.SaById(XfrmMessageType.GetSa, id), operation, "SA", id).Single();
        return XfrmMessages.ReadSaId(answer) switch
        {
            (_, false) => answer,
            null => throw XfrmErrors.NotFound(operation, "SA", id, foreign: true),
            _ => throw XfrmErrors.NotFound(operation, "SA", id),
        };
    }

    /// <summary>The policy installed under <paramref name="id"/>, if any, with its index and whether it is ours.</summary>
    private (uint Index, bool Ours)? FindPolicy(KernelPolicyId id, string operation)
    {
        try
        {
            var answer = _xfrm.Request(XfrmMessages.PolicyById(XfrmMessageType.GetPolicy, id)).Single();
            var index = answer.Read<XfrmUserPolicyInfo>().Index;
            return (index, XfrmOwnership.IsOurPolicy(index));
        }
        catch (NetlinkErrorException e) when (XfrmErrors.Classify(e.ErrorNumber) == KernelError.NotFound)
        {
            return null;
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, operation, "policy", id);
        }
    }

    /// <summary>
    /// A fresh index for a policy of ours: serials continue after the highest one installed (read once), so a
    /// restarted daemon never reuses the index of a policy it left behind — the kernel would silently pick
    /// another, foreign-looking one.
    /// </summary>
    private uint NextPolicyIndex(PolicyDirection direction)
    {
        lock (_gate)
        {
            _nextPolicySerial ??= DumpXfrm(XfrmMessageType.GetPolicy, "policies")
                .Select(message => message.Read<XfrmUserPolicyInfo>().Index)
                .Where(XfrmOwnership.IsOurPolicy)
                .Select(index => XfrmOwnership.PolicySerial(index) + 1)
                .DefaultIfEmpty(0u)
                .Max();
            var serial = _nextPolicySerial.Value;
            _nextPolicySerial = serial + 1;
            return XfrmOwnership.PolicyIndex(serial, direction);
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                List<NetlinkMessage> messages;
                try
                {
                    messages = await _events.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
                {
                    continue; // Events were lost to a burst; the kernel repeats ACQUIREs and the daemon's timers cover expiry.
                }

                foreach (var message in messages)
                {
                    try
                    {
                        if (ReadEvent(message) is { } kernelEvent)
                        {
                            _channel.Writer.TryWrite(kernelEvent);
                        }
                    }
                    catch (InvalidDataException)
                    {
                        // A message shorter than its struct: skip it, and keep listening for the next one.
                    }
                }
            }

            _channel.Writer.TryComplete();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            _channel.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _channel.Writer.TryComplete(e);
        }
    }

    private KernelEvent? ReadEvent(NetlinkMessage message)
    {
        switch (message.Type)
        {
            case XfrmMessageType.Acquire:
                return XfrmMessages.ReadAcquire(message);
            case XfrmMessageType.Expire:
                var expire = XfrmMessages.ReadExpire(message);
                lock (_gate)
                {
                    // The larval SA of an SPI we allocated but never used just timed out: nothing was installed.
                    return expire is not null && _allocatedSpis.Remove((expire.Sa.Destination, expire.Sa.Protocol, expire.Sa.Spi)) ? null : expire;
                }

            default:
                return null;
        }
    }
}
