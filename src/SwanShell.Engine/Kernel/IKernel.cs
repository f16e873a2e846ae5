using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SwanShell.Engine.Kernel;

/// <summary>
/// The operations the engine asks of a kernel IPsec stack (in the spirit of strongSwan's kernel_interface):
/// SPIs, SAs, policies, routes and the events the kernel raises. Every call either does what it says or throws
/// a <see cref="KernelException"/> naming the object and the reason. A back end touches only what it installed,
/// so <see cref="Flush"/> removes exactly our state, even one left by a crashed daemon.
/// </summary>
public interface IKernel : IDisposable
{
    /// <summary>The back end's name, e.g. "Xfrm" or "Memory".</summary>
    string Name { get; }

    /// <summary>ACQUIRE and EXPIRE events, in the order the kernel raised them.</summary>
    ChannelReader<KernelEvent> Events { get; }

    /// <summary>Reserves an inbound SPI for an SA to <paramref name="destination"/> (us) from <paramref name="source"/>.</summary>
    uint AllocateSpi(IPAddress source, IPAddress destination, IpsecProtocol protocol, uint reqid);

    void AddSa(KernelSa sa);

    /// <summary>Counters and installation details of an installed SA.</summary>
    KernelSaState QuerySa(KernelSaId id);

    void DeleteSa(KernelSaId id);

    void AddPolicy(KernelPolicy policy);

    /// <summary>Replaces the policy with the same id (e.g. a trap turned into an IPsec policy once the SA is up).</summary>
    void UpdatePolicy(KernelPolicy policy);

    void DeletePolicy(KernelPolicyId id);

    void AddRoute(KernelRoute route);

    void DeleteRoute(KernelRoute route);

    /// <summary>How the host's routing reaches <paramref name="destination"/> now; null when it has no route there (or no routing, as in Memory).</summary>
    KernelNextHop? NextHopTo(IPAddress destination);

    /// <summary>Whether the host (the back end's network namespace) has this address on an interface, ours or not.</summary>
    bool HasAddress(IPAddress address);

    /// <summary>Adds a local address, marked as ours so that <see cref="Flush"/> finds it again.</summary>
    void AddAddress(KernelAddress address);

    void DeleteAddress(KernelAddress address);

    /// <summary>
    /// Exempts an IKE socket from every IPsec policy in both directions, so that IKE messages are never held by a
    /// trap or sent into the tunnel they negotiate.
    /// </summary>
    void BypassPolicies(Socket socket);

    /// <summary>Our SAs, as installed.</summary>
    IReadOnlyList<KernelSaState> ListSas();

    /// <summary>Our policies, as installed.</summary>
    IReadOnlyList<KernelPolicy> ListPolicies();

    /// <summary>Removes every SA, policy, route and address of ours and returns how many of each.</summary>
    KernelFlushResult Flush();
}

/// <summary>What <see cref="IKernel.Flush"/> removed.</summary>
public sealed record KernelFlushResult(int Sas, int Policies, int Routes, int Addresses = 0)
{
    public bool RemovedAnything => Sas + Policies + Routes + Addresses > 0;

    public override string ToString() =>
        $"{Sas} SA{(Sas == 1 ? string.Empty : "s")}, {Policies} polic{(Policies == 1 ? "y" : "ies")}, {Routes} route{(Routes == 1 ? string.Empty : "s")}"
        + (Addresses > 0 ? $", {Addresses} address{(Addresses == 1 ? string.Empty : "es")}" : string.Empty);
}
