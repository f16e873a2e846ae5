namespace SwanShell.Engine.Config;

/// <summary>
/// A conn of ipsec.conf with <c>%default</c> and <c>also=</c> applied and every value typed; defaults are
/// libreswan's. Which end is local is decided later (<see cref="ConnectionOrientation"/>).
/// </summary>
public sealed record ConnectionDefinition
{
    public required string Name { get; init; }

    /// <summary>Where the <c>conn</c> line is.</summary>
    public SourceLocation Location { get; init; }

    public required ConnectionEnd Left { get; init; }

    public required ConnectionEnd Right { get; init; }

    public AutoStart Auto { get; init; } = AutoStart.Ignore;

    public ConnectionType Type { get; init; } = ConnectionType.Tunnel;

    public IkeVersion KeyExchange { get; init; } = IkeVersion.Ikev2;

    /// <summary><c>authby=</c>; IKEv2's default is RSA and ECDSA signatures.</summary>
    public EquatableList<AuthenticationMethod> AuthBy { get; init; } = new([AuthenticationMethod.RsaSig, AuthenticationMethod.Ecdsa]);

    /// <summary><c>ike=</c>, or libreswan's default proposals.</summary>
    public EquatableList<Proposal> Ike { get; init; } = DefaultProposals.Ike;

    /// <summary><c>esp=</c> (alias <c>phase2alg=</c>), or libreswan's default proposals.</summary>
    public EquatableList<Proposal> Esp { get; init; } = DefaultProposals.Esp;

    public bool Pfs { get; init; } = true;

    public TimeSpan IkeLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary><c>ipsec-lifetime=</c> (aliases <c>salifetime</c>, <c>keylife</c>, <c>lifetime</c>).</summary>
    public TimeSpan IpsecLifetime { get; init; } = TimeSpan.FromHours(8);

    public ulong IpsecMaxBytes { get; init; } = 1UL << 63;

    public ulong IpsecMaxPackets { get; init; } = 1UL << 63;

    public bool Rekey { get; init; } = true;

    public TimeSpan RekeyMargin { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary><c>rekeyfuzz=</c>, in percent of the margin.</summary>
    public uint RekeyFuzzPercent { get; init; } = 100;

    /// <summary><c>keyingtries=</c>; null is <c>%forever</c> (also written as 0).</summary>
    public uint? KeyingTries { get; init; }

    /// <summary><c>dpddelay=</c>; zero turns liveness checks off.</summary>
    public TimeSpan DpdDelay { get; init; }

    /// <summary><c>dpdtimeout=</c> (IKEv1 only; IKEv2 gives up after <see cref="RetransmitTimeout"/>).</summary>
    public TimeSpan DpdTimeout { get; init; }

    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RetransmitInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public EncapsulationMode Encapsulation { get; init; } = EncapsulationMode.Auto;

    public bool NatKeepalive { get; init; } = true;

    public FragmentationPolicy Fragmentation { get; init; } = FragmentationPolicy.Yes;

    public bool Mobike { get; init; }

    public bool Narrowing { get; init; }

    public bool Sha2Truncbug { get; init; }

    public EsnPolicy Esn { get; init; } = EsnPolicy.Either;

    public uint ReplayWindow { get; init; } = 128;

    public XfrmMark? Mark { get; init; }

    public XfrmMark? MarkIn { get; init; }

    public XfrmMark? MarkOut { get; init; }

    /// <summary><c>nflog-group=</c> (alias <c>nflog</c>).</summary>
    public ushort? NflogGroup { get; init; }

    public uint? Reqid { get; init; }

    public uint? Priority { get; init; }

    public ShuntPolicy FailureShunt { get; init; } = ShuntPolicy.None;

    public ShuntPolicy NegotiationShunt { get; init; } = ShuntPolicy.Drop;

    /// <summary><c>connalias=</c>: other names for this conn.</summary>
    public EquatableList<string> Aliases { get; init; } = new([]);
}
