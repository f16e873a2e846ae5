using System.Net;
using Microsoft.Extensions.Time.Testing;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Memory;

namespace SwanShell.UnitTests.Kernel;

public sealed class MemoryKernelTests : IDisposable
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Remote = IPAddress.Parse("198.51.100.1");
    private static readonly TrafficSelector LocalToRemote = TrafficSelector.Between(IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.0/16"));

    private readonly FakeTimeProvider _time = new();
    private readonly MemoryKernel _kernel;

    public MemoryKernelTests() => _kernel = new MemoryKernel(_time);

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public void AddedSa_CanBeQueriedWithZeroCounters()
    {
        var sa = Sa(0x1000);
        _kernel.AddSa(sa);

        var state = _kernel.QuerySa(sa.Id);

        Assert.Equal(sa, state.Sa);
        Assert.Equal((0ul, 0ul), (state.Bytes, state.Packets));
        Assert.Equal(_time.GetUtcNow(), state.InstalledAt);
        Assert.Null(state.LastUsedAt);
    }

    [Fact]
    public void SecondAddOfTheSameSa_IsRefusedAsExisting()
    {
        _kernel.AddSa(Sa(0x1000));

        var error = Assert.Throws<KernelException>(() => _kernel.AddSa(Sa(0x1000)));

        Assert.Equal(KernelError.Exists, error.Error);
        Assert.Equal("Cannot add the SA ESP SPI 0x00001000 to 198.51.100.1: it already exists.", error.Message);
    }

    [Fact]
    public void PacketMatchingNoPolicy_GoesInTheClear()
    {
        Assert.Equal(SimulatedPacketOutcome.Clear, _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.5"), 100));
    }

    [Fact]
    public void PacketMatchingATrap_RaisesOneAcquireUntilItTimesOut()
    {
        _kernel.AddPolicy(Trap());

        var first = _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 100, protocol: 6, sourcePort: 40000, destinationPort: 22);
        var second = _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 100);
        _time.Advance(MemoryKernel.AcquireTimeout);
        var third = _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 100);

        Assert.Equal([SimulatedPacketOutcome.Acquired, SimulatedPacketOutcome.Held, SimulatedPacketOutcome.Acquired], [first, second, third]);
        Assert.True(_kernel.Events.TryRead(out var raised));
        var acquire = Assert.IsType<AcquireEvent>(raised);
        Assert.Equal(7u, acquire.Reqid);
        Assert.Equal("10.1.0.5/32[40000] -> 10.2.0.9/32[22] proto 6", acquire.Packet.ToString());
    }

    [Fact]
    public void PacketUnderAnIpsecPolicyWithItsSa_IsProtectedAndCounted()
    {
        _kernel.AddPolicy(Trap());
        _kernel.AddSa(Sa(0x1000));

        var outcome = _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 1400);
        _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 600);

        var state = _kernel.QuerySa(Sa(0x1000).Id);
        Assert.Equal(SimulatedPacketOutcome.Protected, outcome);
        Assert.Equal((2000ul, 2ul), (state.Bytes, state.Packets));
        Assert.Equal(_time.GetUtcNow(), state.LastUsedAt);
    }

    [Fact]
    public void TrapWhoseSaIsInstalled_IsListedAsAnIpsecPolicy()
    {
        _kernel.AddPolicy(Trap());
        _kernel.AddSa(Sa(0x1000));

        Assert.Equal([Trap() with { Kind = PolicyKind.Ipsec }], _kernel.ListPolicies());
    }

    [Theory]
    [InlineData(PolicyKind.Pass, SimulatedPacketOutcome.Passed)]
    [InlineData(PolicyKind.Drop, SimulatedPacketOutcome.Dropped)]
    public void BetterPriorityPolicy_Decides(PolicyKind kind, SimulatedPacketOutcome expected)
    {
        _kernel.AddPolicy(Trap());
        var narrower = TrafficSelector.Between(IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.3.0/24"));
        _kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(narrower, PolicyDirection.Out), kind, Priority: 100));

        Assert.Equal(expected, _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.3.4"), 100));
        Assert.Equal(SimulatedPacketOutcome.Acquired, _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.4.4"), 100));
    }

    [Fact]
    public void SoftTimeLifetime_RaisesSoftExpireOnce_ThenHardRemovesTheSa()
    {
        var sa = Sa(0x1000) with { Lifetime = new KernelLifetime(SoftTime: TimeSpan.FromMinutes(50), HardTime: TimeSpan.FromMinutes(60)) };
        _kernel.AddSa(sa);

        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.True(_kernel.Events.TryRead(out var soft));
        Assert.False(_kernel.Events.TryRead(out _));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(_kernel.Events.TryRead(out var hard));

        Assert.Equal(new ExpireEvent(sa.Id, 7, Hard: false), soft);
        Assert.Equal(new ExpireEvent(sa.Id, 7, Hard: true), hard);
        Assert.Empty(_kernel.ListSas());
    }

    [Fact]
    public void ByteLifetime_ExpiresWhenTrafficReachesIt()
    {
        _kernel.AddPolicy(Trap());
        _kernel.AddSa(Sa(0x1000) with { Lifetime = new KernelLifetime(SoftBytes: 1000, HardBytes: 2000) });

        _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 1000);
        _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 1000);

        Assert.True(_kernel.Events.TryRead(out var soft) && soft is ExpireEvent { Hard: false });
        Assert.True(_kernel.Events.TryRead(out var hard) && hard is ExpireEvent { Hard: true });
        Assert.Equal(SimulatedPacketOutcome.Acquired, _kernel.SendPacket(IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.2.0.9"), 1));
    }

    [Fact]
    public void Flush_RemovesEverythingAndSaysHowMuch()
    {
        _kernel.AddSa(Sa(0x1000));
        _kernel.AddSa(Sa(0x1001));
        _kernel.AddPolicy(Trap());
        _kernel.AddRoute(new KernelRoute(IPNetwork.Parse("10.2.0.0/16"), null, IPAddress.Parse("10.1.0.1"), "eth0"));

        Assert.Equal(new KernelFlushResult(2, 1, 1), _kernel.Flush());
        Assert.Equal(new KernelFlushResult(0, 0, 0), _kernel.Flush());
    }

    [Fact]
    public void SaAlgorithms_NeverPrintTheirKeys()
    {
        var algorithms = new SaAlgorithms(12, [0xde, 0xad, 0xbe, 0xef], 12, [0xca, 0xfe]);

        Assert.Equal("encryption 12 (32-bit key), integrity 12", algorithms.ToString());
        Assert.Contains("Algorithms = encryption 20 (288-bit key)", Sa(1).ToString(), StringComparison.Ordinal);
    }

    private static KernelSa Sa(uint spi) => new(
        new KernelSaId(Remote, spi, IpsecProtocol.Esp),
        Local,
        Reqid: 7,
        IpsecMode.Tunnel,
        new SaAlgorithms(20, new byte[36]),
        KernelLifetime.Unlimited);

    private static KernelPolicy Trap() =>
        new(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Trap, Priority: 1000, new IpsecTemplate(Local, Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, 7));
}
