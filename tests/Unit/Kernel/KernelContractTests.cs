using System.Net;
using SwanShell.Engine.Kernel;

namespace SwanShell.UnitTests.Kernel;

/// <summary>
/// What every <see cref="IKernel"/> back end must do alike, so that the engine (and its unit tests on
/// <c>MemoryKernel</c>) can rely on the model. Runs against each back end for what its host allows: SA
/// installation is left out because this host's kernel has no ESP.
/// </summary>
public abstract class KernelContractTests : IDisposable
{
    protected static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    protected static readonly IPAddress Remote = IPAddress.Parse("198.51.100.1");
    protected static readonly TrafficSelector LocalToRemote = TrafficSelector.Between(IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.0/16"));

    // A route every back end can install: out of the test interface, from its address.
    private static readonly KernelRoute Route = new(IPNetwork.Parse("10.9.0.0/16"), null, IPAddress.Parse("10.1.0.1"), "veth0");
    private static readonly KernelAddress SourceAddress = new(IPAddress.Parse("10.9.9.9"), "lo");

    protected abstract IKernel Kernel { get; }

    public virtual void Dispose()
    {
        Kernel.Flush();
        Kernel.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void AllocatedSpis_AreUniqueAndOutsideTheReservedRange()
    {
        var spis = Enumerable.Range(0, 200).Select(_ => Kernel.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 1)).ToList();

        Assert.Equal(spis.Count, spis.Distinct().Count());
        Assert.All(spis, spi => Assert.True(spi >= 0x100));
    }

    [Fact]
    public void AllocatedSpi_IsNotAnInstalledSa()
    {
        var spi = Kernel.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 1);

        Assert.Empty(Kernel.ListSas());
        Assert.Equal(KernelError.NotFound, Assert.Throws<KernelException>(() => Kernel.QuerySa(new KernelSaId(Local, spi, IpsecProtocol.Esp))).Error);
    }

    [Fact]
    public void DeleteOfAMissingSa_SaysWhichAndWhy()
    {
        var error = Assert.Throws<KernelException>(() => Kernel.DeleteSa(new KernelSaId(Remote, 0x2000, IpsecProtocol.Esp)));

        Assert.Equal(KernelError.NotFound, error.Error);
        Assert.Equal("Cannot delete the SA ESP SPI 0x00002000 to 198.51.100.1: there is no such SA.", error.Message);
    }

    [Fact]
    public void AddedPolicies_AreListedAsInstalled()
    {
        KernelPolicy[] policies =
        [
            Trap(),
            new(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.In), PolicyKind.Drop, 100),
            new(new KernelPolicyId(LocalToRemote with { Protocol = 17, DestinationPortStart = 53, DestinationPortEnd = 53 }, PolicyDirection.Out, new KernelMark(0x10, 0xff)), PolicyKind.Pass, 10),
            new(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.Forward), PolicyKind.Ipsec, 200, new IpsecTemplate(Remote, Local, IpsecProtocol.Esp, IpsecMode.Transport, 4)),
        ];
        foreach (var policy in policies)
        {
            Kernel.AddPolicy(policy);
        }

        // Without its SA, an IPsec policy is a trap: that is all a trap is to the kernel.
        var expected = policies.Select(p => p.Kind == PolicyKind.Ipsec ? p with { Kind = PolicyKind.Trap } : p);
        Assert.Equal(expected.OrderBy(p => p.Priority), Kernel.ListPolicies().OrderBy(p => p.Priority));
    }

    [Fact]
    public void SecondAddOfTheSamePolicy_IsRefusedAsExisting()
    {
        Kernel.AddPolicy(Trap());

        var error = Assert.Throws<KernelException>(() => Kernel.AddPolicy(Trap() with { Priority = 5 }));

        Assert.Equal(KernelError.Exists, error.Error);
        Assert.Equal("Cannot add the policy out 10.1.0.0/16 -> 10.2.0.0/16: it already exists.", error.Message);
    }

    [Fact]
    public void UpdatedPolicy_ReplacesTheOneWithTheSameId()
    {
        Kernel.AddPolicy(Trap());
        var drop = new KernelPolicy(Trap().Id, PolicyKind.Drop, 50);

        Kernel.UpdatePolicy(drop);

        Assert.Equal([drop], Kernel.ListPolicies());
    }

    [Fact]
    public void UpdatedIpsecPolicy_TakesTheOtherTunnel_AndOneDeleteRemovesIt()
    {
        // Two Child SAs of one conn for the same traffic (uniqueids=no): the newest takes the policy over, in place.
        var first = new KernelPolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Ipsec, 300, new IpsecTemplate(Local, Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, 7));
        var second = first with { Template = new IpsecTemplate(Local, IPAddress.Parse("198.51.100.2"), IpsecProtocol.Esp, IpsecMode.Tunnel, 7) };
        Kernel.AddPolicy(first);

        Kernel.UpdatePolicy(second);

        Assert.Equal([second with { Kind = PolicyKind.Trap }], Kernel.ListPolicies());
        Kernel.DeletePolicy(second.Id);
        Assert.Empty(Kernel.ListPolicies());
    }

    [Fact]
    public void UpdateOfAMissingPolicy_AddsIt()
    {
        Kernel.UpdatePolicy(Trap());

        Assert.Equal([Trap()], Kernel.ListPolicies());
    }

    [Fact]
    public void DeletedPolicy_IsNoLongerListed()
    {
        Kernel.AddPolicy(Trap());
        var pass = new KernelPolicy(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.In), PolicyKind.Pass, 10);
        Kernel.AddPolicy(pass);

        Kernel.DeletePolicy(Trap().Id);

        Assert.Equal([pass], Kernel.ListPolicies());
    }

    [Fact]
    public void DeleteOfAMissingPolicy_SaysWhichAndWhy()
    {
        var error = Assert.Throws<KernelException>(() => Kernel.DeletePolicy(new KernelPolicyId(LocalToRemote, PolicyDirection.Forward)));

        Assert.Equal(KernelError.NotFound, error.Error);
        Assert.Equal("Cannot delete the policy forward 10.1.0.0/16 -> 10.2.0.0/16: there is no such policy.", error.Message);
    }

    [Fact]
    public async Task PacketsIntoATrap_RaiseOneAcquireNamingPolicyPacketAndReqid()
    {
        Kernel.AddPolicy(Trap());

        SendUdp(IPAddress.Parse("10.1.0.1"), 40000, IPAddress.Parse("10.2.0.9"), 9);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var raised = await Kernel.Events.ReadAsync(timeout.Token);
        SendUdp(IPAddress.Parse("10.1.0.1"), 40000, IPAddress.Parse("10.2.0.9"), 9);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var packet = new TrafficSelector(IPNetwork.Parse("10.1.0.1/32"), IPNetwork.Parse("10.2.0.9/32"), 17, 40000, 40000, 9, 9);
        Assert.Equal(new AcquireEvent(Trap().Id, packet, 7), raised);
        Assert.False(Kernel.Events.TryRead(out _), "A second packet while the negotiation is pending raises no second ACQUIRE.");
    }

    [Fact]
    public void Flush_RemovesEverythingOfOursAndSaysHowMuch()
    {
        Kernel.AddPolicy(Trap());
        Kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(LocalToRemote.Reverse(), PolicyDirection.In), PolicyKind.Drop, 10));
        Kernel.AllocateSpi(Remote, Local, IpsecProtocol.Esp, 7);
        Kernel.AddAddress(SourceAddress);
        Kernel.AddRoute(Route);

        Assert.Equal(new KernelFlushResult(0, 2, 1, 1), Kernel.Flush());
        Assert.Equal(new KernelFlushResult(0, 0, 0), Kernel.Flush());
        Assert.False(Kernel.HasAddress(SourceAddress.Address));
        Assert.Empty(Kernel.ListPolicies());
    }

    [Fact]
    public void SecondAddOfTheSameRoute_IsRefusedAsExisting()
    {
        Kernel.AddRoute(Route);

        var error = Assert.Throws<KernelException>(() => Kernel.AddRoute(Route));

        Assert.Equal(KernelError.Exists, error.Error);
        Assert.Equal("Cannot add the route to 10.9.0.0/16: it already exists.", error.Message);
    }

    [Fact]
    public void DeleteOfAMissingRoute_SaysWhichAndWhy()
    {
        var error = Assert.Throws<KernelException>(() => Kernel.DeleteRoute(Route));

        Assert.Equal(KernelError.NotFound, error.Error);
        Assert.Equal("Cannot delete the route to 10.9.0.0/16: there is no such route.", error.Message);
    }

    [Fact]
    public void AddedAddress_IsTheHostsUntilDeleted()
    {
        Assert.False(Kernel.HasAddress(SourceAddress.Address));

        Kernel.AddAddress(SourceAddress);
        Assert.True(Kernel.HasAddress(SourceAddress.Address));

        Kernel.DeleteAddress(SourceAddress);
        Assert.False(Kernel.HasAddress(SourceAddress.Address));
    }

    [Fact]
    public void SecondAddOfTheSameAddress_IsRefusedAsExisting_AndDeleteOfAMissingOne_AsNotFound()
    {
        Kernel.AddAddress(SourceAddress);

        var twice = Assert.Throws<KernelException>(() => Kernel.AddAddress(SourceAddress));
        Kernel.DeleteAddress(SourceAddress);
        var missing = Assert.Throws<KernelException>(() => Kernel.DeleteAddress(SourceAddress));

        Assert.Equal((KernelError.Exists, KernelError.NotFound), (twice.Error, missing.Error));
        Assert.StartsWith("Cannot add the address 10.9.9.9/32 dev lo: it already exists.", twice.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot delete the address 10.9.9.9/32 dev lo: there is no such address.", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends one UDP datagram as a local application would, through the back end's output policies.</summary>
    protected abstract void SendUdp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort);

    protected static KernelPolicy Trap() =>
        new(new KernelPolicyId(LocalToRemote, PolicyDirection.Out), PolicyKind.Trap, 1000, new IpsecTemplate(Local, Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, 7));
}
