using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;

namespace SwanShell.UnitTests.Kernel.Xfrm;

/// <summary>
/// XfrmKernel against this host's kernel, in a private network namespace. The host has XFRM but no ESP, so SPIs,
/// policies, ACQUIRE, dumps, flush and routes are tested here; installing an ESP SA must fail as unsupported.
/// </summary>
public sealed class XfrmKernelTests : IClassFixture<PrivateNetworkNamespace>, IDisposable
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Remote = IPAddress.Parse("198.51.100.1");
    private static readonly TrafficSelector LocalToRemote = TrafficSelector.Between(IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.0/16"));

    // This host's kernel lacks the AEAD templates (rfc4106, rfc7539esp) and the ESP protocol itself.
    private const string AeadMissing = "ENOSYS (Function not implemented). The kernel says: Requested AEAD algorithm not found";
    private const string EspMissing = "EPROTONOSUPPORT (Protocol not supported). The kernel says: Requested type not found";

    private readonly PrivateNetworkNamespace _namespace;
    private readonly XfrmKernel _kernel;

    public XfrmKernelTests(PrivateNetworkNamespace networkNamespace)
    {
        _namespace = networkNamespace;
        _namespace.Reset();
        _kernel = XfrmKernel.Open(networkNamespace.Path);
    }

    public void Dispose()
    {
        _kernel.Flush();
        _kernel.Dispose();
    }

    [Fact]
    public void AllocatedSpi_IsHeldByTheKernelWithOurReqid()
    {
        var spi = _kernel.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 7);

        Assert.True(spi >= 0x100);
        var state = _namespace.Ip("xfrm state");
        Assert.Contains($"spi 0x{spi:x8} reqid {0xC000_0007u}", state);
        Assert.Empty(_kernel.ListSas());
    }

    [Fact]
    public void AddedTrap_IsAnXfrmPolicyWithOurIndexAndTemplate()
    {
        _kernel.AddPolicy(Trap(LocalToRemote));

        var policy = _namespace.Ip("-s xfrm policy");

        Assert.Matches(@"dir out action allow index 32212254\d\d priority 1000", policy);
        Assert.Contains("tmpl src 192.0.2.1 dst 198.51.100.1", policy);
        Assert.Contains($"proto esp spi 0x00000000(0) reqid {0xC000_0003u}(0xc0000003) mode tunnel", policy);
        Assert.Contains("level required share any", policy);
        Assert.Contains("enc-mask ffffffff auth-mask ffffffff comp-mask ffffffff", policy);
    }

    [Fact]
    public void DeletedPolicy_IsGoneFromTheKernel()
    {
        _kernel.AddPolicy(Trap(LocalToRemote));

        _kernel.DeletePolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out));

        Assert.Empty(_kernel.ListPolicies());
        Assert.Empty(_namespace.Ip("xfrm policy").Trim());
    }

    [Fact]
    public void ForeignPolicy_IsNeitherListedNorUpdatedNorDeleted()
    {
        _namespace.Ip("xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir out priority 7 action block");
        var id = new KernelPolicyId(LocalToRemote, PolicyDirection.Out);

        var update = Assert.Throws<KernelException>(() => _kernel.UpdatePolicy(Trap(LocalToRemote)));
        var delete = Assert.Throws<KernelException>(() => _kernel.DeletePolicy(id));

        Assert.Empty(_kernel.ListPolicies());
        Assert.Equal((KernelError.Exists, KernelError.NotFound), (update.Error, delete.Error));
        Assert.Contains("action block priority 7", _namespace.Ip("xfrm policy"));
    }

    /// <summary>
    /// This host's kernel has XFRM without ESP or its algorithms: the kernel checks every attribute's layout before
    /// it looks the algorithm up, so "algorithm not found" (and not EINVAL) also proves the encoding of each
    /// algorithm, of ESN with its replay state, of UDP encapsulation and of the mark. If the kernel changes, this
    /// test must be revisited, not skipped.
    /// </summary>
    [Theory]
    [InlineData(20, 20, null, 0, AeadMissing)]
    [InlineData(19, 36, null, 0, AeadMissing)]
    [InlineData(28, 36, null, 0, AeadMissing)]
    [InlineData(12, 16, 12, 32, EspMissing)]
    [InlineData(12, 32, 14, 64, EspMissing)]
    public void AddedEspSa_IsNotSupportedByThisHostsKernel(int encryption, int keyLength, int? integrity, int integrityKeyLength, string reason)
    {
        var sa = new KernelSa(
            new KernelSaId(Remote, 0x1000, IpsecProtocol.Esp, new KernelMark(0x20, 0xff)),
            Local,
            1,
            IpsecMode.Tunnel,
            new SaAlgorithms(encryption, new byte[keyLength], integrity, integrity is null ? null : new byte[integrityKeyLength]),
            new KernelLifetime(SoftTime: TimeSpan.FromMinutes(50), HardTime: TimeSpan.FromHours(1), HardBytes: 1 << 30),
            ReplayWindow: 128,
            ExtendedSequenceNumbers: true,
            Encapsulation: new UdpEncapsulation(4500, 4500));

        var error = Assert.Throws<KernelException>(() => _kernel.AddSa(sa));

        Assert.Equal(KernelError.NotSupported, error.Error);
        Assert.Equal(
            $"Cannot add the SA ESP SPI 0x00001000 to 198.51.100.1 mark 0x20/0xff: the kernel does not support it: {reason}.",
            error.Message);
    }

    [Fact]
    public void Flush_RemovesOurStateAndLeavesForeignStateAlone()
    {
        _namespace.Ip("xfrm policy add src 10.3.0.0/16 dst 10.4.0.0/16 dir out action block");
        _namespace.Ip("xfrm state allocspi src 198.51.100.9 dst 192.0.2.9 proto esp");
        _kernel.AddPolicy(Trap(LocalToRemote));
        _kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.In), PolicyKind.Pass, 10));
        _kernel.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 3);

        var result = _kernel.Flush();

        Assert.Equal(new KernelFlushResult(0, 2, 0), result);
        Assert.Empty(_kernel.ListPolicies());
        var policies = _namespace.Ip("xfrm policy");
        var states = _namespace.Ip("xfrm state");
        Assert.Contains("src 10.3.0.0/16 dst 10.4.0.0/16", policies);
        Assert.DoesNotContain("10.1.0.0/16", policies);
        Assert.Contains("src 198.51.100.9 dst 192.0.2.9", states);
        Assert.DoesNotContain("src 198.51.100.1 dst 192.0.2.1", states);
    }

    [Fact]
    public void AddedRoute_IsInOurTableWithItsSourceUntilDeleted()
    {
        var route = new KernelRoute(IPNetwork.Parse("10.9.0.0/16"), null, IPAddress.Parse("10.1.0.1"), "veth0");

        _kernel.AddRoute(route);
        var installed = _namespace.Ip($"route show table {XfrmKernel.RouteTable}");
        var rules = _namespace.Ip("rule");
        _kernel.DeleteRoute(route);

        Assert.Contains("10.9.0.0/16 dev veth0 proto static scope link src 10.1.0.1", installed);
        Assert.Contains($"lookup {XfrmKernel.RouteTable}", rules);
        Assert.Empty(_namespace.Ip($"route show table {XfrmKernel.RouteTable}").Trim());
    }

    [Fact]
    public void Flush_RemovesOurRoutesAndRule()
    {
        _kernel.AddRoute(new KernelRoute(IPNetwork.Parse("10.9.0.0/16"), null, IPAddress.Parse("10.1.0.1"), "veth0"));
        _kernel.AddRoute(new KernelRoute(IPNetwork.Parse("10.8.0.0/16"), IPAddress.Parse("10.1.0.254"), null, null));

        var result = _kernel.Flush();

        Assert.Equal(2, result.Routes);
        Assert.Empty(_namespace.Ip($"route show table {XfrmKernel.RouteTable}").Trim());
        Assert.DoesNotContain($"lookup {XfrmKernel.RouteTable}", _namespace.Ip("rule"));
    }

    [Fact]
    public void AddedAddresses_AreMarkedAsOurs_SoFlushRemovesThemButNotTheHosts()
    {
        _namespace.Ip("addr add 10.9.9.8/32 dev lo");
        _kernel.AddAddress(new KernelAddress(IPAddress.Parse("10.9.9.9"), "lo"));
        _kernel.AddAddress(new KernelAddress(IPAddress.Parse("2001:db8:9::9"), "lo"));

        var added = _namespace.Ip("addr show dev lo");
        Assert.Contains("inet 10.9.9.9/32 scope global", added, StringComparison.Ordinal);
        Assert.Contains("inet6 2001:db8:9::9/128 scope global", added, StringComparison.Ordinal);
        Assert.True(_kernel.HasAddress(IPAddress.Parse("10.9.9.8")), "An address the host has is seen, whoever added it.");

        var result = _kernel.Flush();

        Assert.Equal(2, result.Addresses);
        var left = _namespace.Ip("addr show dev lo");
        Assert.DoesNotContain("10.9.9.9", left, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:9::9", left, StringComparison.Ordinal);
        Assert.Contains("inet 10.9.9.8/32", left, StringComparison.Ordinal);
        _namespace.Ip("addr del 10.9.9.8/32 dev lo");
    }

    [Fact]
    public void NextHopTo_IsTheHostsRouteThere_AndNullWhereItHasNone()
    {
        _namespace.Ip("route add 10.7.0.0/16 via 10.1.0.254");
        try
        {
            Assert.Equal(new KernelNextHop(null, "veth0"), _kernel.NextHopTo(IPAddress.Parse("10.2.0.9")));
            Assert.Equal(new KernelNextHop(IPAddress.Parse("10.1.0.254"), "veth0"), _kernel.NextHopTo(IPAddress.Parse("10.7.0.1")));
            Assert.Null(_kernel.NextHopTo(IPAddress.Parse("203.0.113.1")));
        }
        finally
        {
            _namespace.Ip("route del 10.7.0.0/16 via 10.1.0.254");
        }
    }

    [Fact]
    public void SourceRoute_TheWayToThePeer_FromAnAddedAddress_MakesLocalTrafficLeaveWithIt()
    {
        var source = new KernelAddress(IPAddress.Parse("10.9.9.9"), "lo");
        _kernel.AddAddress(source);
        var toPeer = _kernel.NextHopTo(IPAddress.Parse("10.2.0.9"))!;

        _kernel.AddRoute(new KernelRoute(IPNetwork.Parse("10.5.0.0/16"), toPeer.Gateway, source.Address, toPeer.Interface));

        Assert.Contains("10.5.0.1 dev veth0 table 221 src 10.9.9.9", _namespace.Ip("route get 10.5.0.1"), StringComparison.Ordinal);
        _kernel.Flush();
    }

    [Fact]
    public void Ipv6Policies_AreInstalledAndListedAsGiven()
    {
        var selector = TrafficSelector.Between(IPNetwork.Parse("2001:db8:1::/48"), IPNetwork.Parse("2001:db8:2::/48")) with { Protocol = 58 };
        var trap = new KernelPolicy(new KernelPolicyId(selector, PolicyDirection.Out), PolicyKind.Trap, 300, new IpsecTemplate(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"), IpsecProtocol.Esp, IpsecMode.Tunnel, 11));
        var drop = new KernelPolicy(new KernelPolicyId(selector.Reverse(), PolicyDirection.In), PolicyKind.Drop, 400);

        _kernel.AddPolicy(trap);
        _kernel.AddPolicy(drop);

        Assert.Equal([trap, drop], _kernel.ListPolicies().OrderBy(p => p.Priority));
        Assert.Contains("src 2001:db8:1::/48 dst 2001:db8:2::/48 proto ipv6-icmp", _namespace.Ip("xfrm policy"));
    }

    [Fact]
    public void StateLeftByAnEarlierInstance_IsStillOursToListExtendAndFlush()
    {
        // As after `kill -9` of the daemon: nothing in memory survives, only what the kernel holds.
        using (var crashed = XfrmKernel.Open(_namespace.Path))
        {
            crashed.AddPolicy(Trap(LocalToRemote));
            crashed.AddPolicy(new KernelPolicy(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.In), PolicyKind.Drop, 20));
            crashed.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 3);
        }

        // Same direction as the first leftover: a reused index would make the kernel pick a foreign-looking one.
        var other = TrafficSelector.Between(IPNetwork.Parse("10.5.0.0/16"), IPNetwork.Parse("10.6.0.0/16"));
        _kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(other, PolicyDirection.Out), PolicyKind.Drop, 30));
        var listed = _kernel.ListPolicies().Count;
        var flushed = _kernel.Flush();

        Assert.Equal(3, listed);
        Assert.Equal(new KernelFlushResult(0, 3, 0), flushed);
        Assert.Empty(_namespace.Ip("xfrm policy").Trim());
        Assert.Empty(_namespace.Ip("xfrm state").Trim());
    }

    [Fact]
    public void BypassedSocket_SendsPastADropPolicyThatStopsOthers()
    {
        _kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Drop, 10));
        var destination = new IPEndPoint(IPAddress.Parse("10.2.0.9"), 500);

        var (plain, bypassed) = NetworkNamespace.Run(_namespace.Path, () =>
        {
            using var plainSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            using var ikeSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _kernel.BypassPolicies(ikeSocket);
            return (Send(plainSocket, destination), Send(ikeSocket, destination));
        });

        Assert.Equal((SocketError.AccessDenied, SocketError.Success), (plain, bypassed));
    }

    private static SocketError Send(Socket socket, EndPoint destination)
    {
        try
        {
            socket.SendTo(new byte[8], destination);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static KernelPolicy Trap(TrafficSelector selector) =>
        new(new KernelPolicyId(selector, PolicyDirection.Out), PolicyKind.Trap, 1000, new IpsecTemplate(Local, Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, 3));
}
