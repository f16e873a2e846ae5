using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// An ESP Child SA pair as negotiated, ready for the kernel: SPIs, algorithms, keys and traffic selectors.
/// Keys are never printed.
/// </summary>
public sealed class ChildSa : IDisposable
{
    internal ChildSa(bool isInitiator, uint inboundSpi, uint outboundSpi, Proposal proposal, ChildSaKeys keys,
        IReadOnlyList<TrafficSelector> localTrafficSelectors, IReadOnlyList<TrafficSelector> remoteTrafficSelectors, bool udpEncapsulation)
    {
        UdpEncapsulation = udpEncapsulation;
        IsInitiator = isInitiator;
        InboundSpi = inboundSpi;
        OutboundSpi = outboundSpi;
        Proposal = proposal;
        Keys = keys;
        LocalTrafficSelectors = localTrafficSelectors;
        RemoteTrafficSelectors = remoteTrafficSelectors;
    }

    /// <summary>Whether we initiated the exchange that made it, which decides which half of KEYMAT is ours (RFC 7296 §2.17).</summary>
    public bool IsInitiator { get; }

    public uint InboundSpi { get; }

    public uint OutboundSpi { get; }

    /// <summary>The chosen proposal: one transform of each type.</summary>
    public Proposal Proposal { get; }

    public ChildSaKeys Keys { get; }

    public IReadOnlyList<TrafficSelector> LocalTrafficSelectors { get; }

    public IReadOnlyList<TrafficSelector> RemoteTrafficSelectors { get; }

    /// <summary>ESP goes inside UDP on port 4500 (RFC 3948) because a NAT was detected; the kernel SA needs the encapsulation.</summary>
    public bool UdpEncapsulation { get; }

    public void Dispose() => Keys.Dispose();

    public override string ToString() =>
        $"ESP {InboundSpi:x8}_i {OutboundSpi:x8}_o {ProposalSelection.Describe(Proposal)} " +
        $"{string.Join(",", LocalTrafficSelectors)} === {string.Join(",", RemoteTrafficSelectors)}";
}
