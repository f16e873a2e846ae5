using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Xfrm;

namespace SwanShell.Interop.XfrmKernelLab;

/// <summary>The checks of README.md, in order.</summary>
public sealed class XfrmKernelChecks(XfrmKernel kernel, LabEnvironment lab, LabReport report)
{
    private const uint TunnelReqid = 1;
    private static readonly KernelLifetime Lifetime = new(TimeSpan.FromMinutes(50), TimeSpan.FromHours(1), 1_000_000, 2_000_000, 1000, 2000);

    private KernelSa? _outbound;
    private KernelSa? _inbound;

    /// <summary>One SA per algorithm and option: installed, read back equal, refused a second time, deleted.</summary>
    public void RoundTripEveryAlgorithm()
    {
        (string Name, KernelSa Sa)[] variants =
        [
            ("AES-GCM-16", Sa(0x5001, 50, new SaAlgorithms(20, Key(36, 1)))),
            ("AES-GCM-12, ESN, window 256", Sa(0x5002, 51, new SaAlgorithms(19, Key(20, 2))) with { ReplayWindow = 256, ExtendedSequenceNumbers = true }),
            ("ChaCha20-Poly1305, window 64, UDP encapsulation, mark", Sa(0x5003, 52, new SaAlgorithms(28, Key(36, 3))) with
            {
                Id = new KernelSaId(lab.Remote, 0x5003, IpsecProtocol.Esp, new KernelMark(0x42, 0xff)),
                ReplayWindow = 64,
                Encapsulation = new UdpEncapsulation(4500, 4500),
            }),
            ("AES-CBC HMAC-SHA2-256, transport, selector", Sa(0x5004, 53, new SaAlgorithms(12, Key(32, 4), 12, Key(32, 5))) with
            {
                Mode = IpsecMode.Transport,
                Selector = new TrafficSelector(new(lab.Local, 32), new(lab.Remote, 32), 17, 500, 500),
            }),
            ("AES-CBC HMAC-SHA2-384", Sa(0x5005, 54, new SaAlgorithms(12, Key(16, 6), 13, Key(48, 7)))),
            ("AES-CBC HMAC-SHA2-512", Sa(0x5006, 55, new SaAlgorithms(12, Key(32, 8), 14, Key(64, 9)))),
        ];
        foreach (var (name, sa) in variants)
        {
            report.Check($"{name}: read back as added", () =>
            {
                kernel.AddSa(sa);
                var read = kernel.QuerySa(sa.Id).Sa;
                return (SameSa(read, sa), read.ToString());
            });
            report.Check($"{name}: second add is refused as existing", () =>
            {
                var error = Refusal(() => kernel.AddSa(sa));
                return (error?.Error == KernelError.Exists, error?.Message ?? "no error");
            });
        }

        report.Check("ListSas lists them all", () => (kernel.ListSas().Count == variants.Length, $"{kernel.ListSas().Count} listed"));
        foreach (var (_, sa) in variants)
        {
            kernel.DeleteSa(sa.Id);
        }

        report.Check("deleted SAs are gone", () => (kernel.ListSas().Count == 0, string.Empty));
    }

    /// <summary>ALLOCSPI leaves a larval SA that AddSa must replace (XFRM_MSG_UPDSA), not collide with.</summary>
    public void SaOnAnAllocatedSpi() => report.Check("an allocated SPI becomes an SA", () =>
    {
        var spi = kernel.AllocateSpi(lab.Remote, lab.Local, IpsecProtocol.Esp, 60);
        var inbound = new KernelSa(new KernelSaId(lab.Local, spi, IpsecProtocol.Esp), lab.Remote, 60, IpsecMode.Tunnel, new SaAlgorithms(20, Key(36, 10)), Lifetime);
        kernel.AddSa(inbound);
        var installed = kernel.QuerySa(inbound.Id).Sa.Reqid == 60;
        kernel.DeleteSa(inbound.Id);
        return (installed, $"SPI 0x{spi:x8}");
    });

    /// <summary>
    /// When the larval SA of an allocated SPI times out before the negotiation ends, AddSa must still install the
    /// SA (the update finds nothing, so it adds afresh). The namespace's ACQUIRE lifetime is cut to 1 s for that.
    /// </summary>
    public async Task SaOnAnAllocatedSpiThatTimedOutAsync()
    {
        const string acquireExpires = "/proc/sys/net/core/xfrm_acq_expires";
        var saved = await File.ReadAllTextAsync(acquireExpires).ConfigureAwait(false);
        await File.WriteAllTextAsync(acquireExpires, "1").ConfigureAwait(false);
        var spi = kernel.AllocateSpi(lab.Remote, lab.Local, IpsecProtocol.Esp, 62);
        await File.WriteAllTextAsync(acquireExpires, saved).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        report.Check("an allocated SPI whose larval SA timed out still becomes an SA", () =>
        {
            var inbound = new KernelSa(new KernelSaId(lab.Local, spi, IpsecProtocol.Esp), lab.Remote, 62, IpsecMode.Tunnel, new SaAlgorithms(20, Key(36, 12)), Lifetime);
            kernel.AddSa(inbound);
            kernel.DeleteSa(inbound.Id);
            return (true, $"SPI 0x{spi:x8}");
        });
    }

    public async Task SoftThenHardExpireAsync()
    {
        var sa = Sa(0x5100, 61, new SaAlgorithms(20, Key(36, 11))) with { Lifetime = new KernelLifetime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)) };
        kernel.AddSa(sa);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var soft = await kernel.Events.ReadAsync(timeout.Token).ConfigureAwait(false);
            var hard = await kernel.Events.ReadAsync(timeout.Token).ConfigureAwait(false);
            report.Check("soft EXPIRE after 1 s", soft == new ExpireEvent(sa.Id, 61, Hard: false), soft.ToString()!);
            report.Check("hard EXPIRE after 3 s", hard == new ExpireEvent(sa.Id, 61, Hard: true), hard.ToString()!);
            report.Check("a hard-expired SA is gone", kernel.ListSas().Count == 0);
        }
        catch (OperationCanceledException)
        {
            report.Check("EXPIRE events", false, "none within 15 s");
        }
    }

    /// <summary>Static keys and SPIs that the other side mirrors, with policies in, out and forward.</summary>
    public void InstallTunnel()
    {
        var (outSpi, inSpi) = lab.IsWest ? (0x1001u, 0x2001u) : (0x2001u, 0x1001u);
        var (outSeed, inSeed) = lab.IsWest ? ((byte)0x10, (byte)0x20) : ((byte)0x20, (byte)0x10);
        _outbound = new KernelSa(new KernelSaId(lab.Remote, outSpi, IpsecProtocol.Esp), lab.Local, TunnelReqid, IpsecMode.Tunnel, new SaAlgorithms(20, Key(36, outSeed)), KernelLifetime.Unlimited);
        _inbound = new KernelSa(new KernelSaId(lab.Local, inSpi, IpsecProtocol.Esp), lab.Remote, TunnelReqid, IpsecMode.Tunnel, new SaAlgorithms(20, Key(36, inSeed)), KernelLifetime.Unlimited);
        var outbound = TrafficSelector.Between(lab.LocalSubnet, lab.RemoteSubnet);
        var toUs = new IpsecTemplate(lab.Remote, lab.Local, IpsecProtocol.Esp, IpsecMode.Tunnel, TunnelReqid);

        kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(outbound, PolicyDirection.Out), PolicyKind.Trap, 1000, new IpsecTemplate(lab.Local, lab.Remote, IpsecProtocol.Esp, IpsecMode.Tunnel, TunnelReqid)));
        report.Check("a policy without its SA lists as a trap", kernel.ListPolicies().Single().Kind == PolicyKind.Trap);
        kernel.AddSa(_inbound);
        kernel.AddSa(_outbound);
        kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(outbound.Reverse(), PolicyDirection.In), PolicyKind.Ipsec, 1000, toUs));
        kernel.AddPolicy(new KernelPolicy(new KernelPolicyId(outbound.Reverse(), PolicyDirection.Forward), PolicyKind.Ipsec, 1000, toUs));
        var policies = kernel.ListPolicies();
        report.Check("policies with their SAs list as IPsec", policies.All(p => p.Kind == PolicyKind.Ipsec), string.Join("; ", policies.Select(p => $"{p.Id} {p.Kind}")));
    }

    public void TunnelCountedTrafficAndFlushes()
    {
        foreach (var (direction, sa) in new[] { ("outbound", _outbound!), ("inbound", _inbound!) })
        {
            report.Check($"the {direction} SA counted the pings", () =>
            {
                var state = kernel.QuerySa(sa.Id);
                return (state.Bytes > 0 && state.Packets > 0 && state.LastUsedAt is not null, $"{state.Bytes} bytes, {state.Packets} packets");
            });
        }

        report.Check("flush removes the tunnel", () =>
        {
            var flushed = kernel.Flush();
            return (flushed == new KernelFlushResult(2, 3, 0), flushed.ToString());
        });
        report.Check("nothing of ours is left", kernel.ListSas().Count == 0 && kernel.ListPolicies().Count == 0);
    }

    private static byte[] Key(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + i))];

    /// <summary>Equal, keys compared by value (records compare arrays by reference).</summary>
    private static bool SameSa(KernelSa read, KernelSa added) =>
        read with { Algorithms = added.Algorithms } == added
        && read.Algorithms.EncryptionId == added.Algorithms.EncryptionId
        && read.Algorithms.IntegrityId == added.Algorithms.IntegrityId
        && read.Algorithms.EncryptionKey.AsSpan().SequenceEqual(added.Algorithms.EncryptionKey)
        && read.Algorithms.IntegrityKey.AsSpan().SequenceEqual(added.Algorithms.IntegrityKey);

    private static KernelException? Refusal(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (KernelException e)
        {
            return e;
        }
    }

    private KernelSa Sa(uint spi, uint reqid, SaAlgorithms algorithms) =>
        new(new KernelSaId(lab.Remote, spi, IpsecProtocol.Esp), lab.Local, reqid, IpsecMode.Tunnel, algorithms, Lifetime);
}
