using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>An IPsec SA to install: one direction of a Child SA.</summary>
/// <param name="Id">Destination, SPI, protocol and mark.</param>
/// <param name="Source">The sending end's address.</param>
/// <param name="Reqid">Ties the SA to the policies that use it.</param>
/// <param name="Mode">Tunnel or transport.</param>
/// <param name="Algorithms">Algorithms and keys.</param>
/// <param name="Lifetime">Soft and hard limits.</param>
/// <param name="ReplayWindow">Anti-replay window in packets; 0 disables it.</param>
/// <param name="ExtendedSequenceNumbers">Whether ESN (64-bit sequence numbers) was negotiated.</param>
/// <param name="Encapsulation">UDP encapsulation when a NAT is in the way.</param>
/// <param name="Selector">Traffic the SA may carry; null for any.</param>
public sealed record KernelSa(
    KernelSaId Id,
    IPAddress Source,
    uint Reqid,
    IpsecMode Mode,
    SaAlgorithms Algorithms,
    KernelLifetime Lifetime,
    uint ReplayWindow = 32,
    bool ExtendedSequenceNumbers = false,
    UdpEncapsulation? Encapsulation = null,
    TrafficSelector? Selector = null);
