using System.Net;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// What the engine reports: the daemon turns these into log lines, -Verbose output and status objects.
/// None carries key material.
/// </summary>
public abstract record IkeEvent(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote);

public sealed record IkeSaStateChanged(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, IkeSaState State)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

public sealed record IkeMessageSent(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, ExchangeType Exchange, uint MessageId, bool IsResponse, bool IsRetransmission, int Datagrams)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

public sealed record IkeMessageReceived(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, ExchangeType Exchange, uint MessageId, bool IsResponse)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>A datagram was discarded: malformed, failing integrity, out of window, or for no known SA.</summary>
public sealed record IkeMessageDropped(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, string Reason)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>The IKE SA failed; <paramref name="Notify"/> is the error notify sent or received, if any.</summary>
public sealed record IkeSaFailed(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, NotifyMessageType? Notify, string Reason)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>A Child SA is up; when it came from a rekey, <paramref name="ReplacesInboundSpi"/> names the one it replaces.</summary>
public sealed record ChildSaEstablished(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, ChildSa ChildSa, uint? ReplacesInboundSpi = null)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

public sealed record ChildSaDeleted(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, uint InboundSpi, uint OutboundSpi)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>The Child SA was refused while its IKE SA lives on (RFC 7296 §1.2).</summary>
public sealed record ChildSaFailed(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, NotifyMessageType? Notify, string Reason)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>The peer stopped answering liveness checks; <paramref name="Action"/> says what the connection does next.</summary>
public sealed record IkePeerDead(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, LivenessAction Action)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>The IKE SA was rekeyed: <paramref name="NewSa"/> (new SPIs, new keys, the same Child SAs) replaces it.</summary>
public sealed record IkeSaRekeyed(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, IkeSa NewSa)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>A rekey of the IKE SA was refused; the SA itself lives on.</summary>
public sealed record IkeSaRekeyFailed(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, NotifyMessageType? Notify, string Reason)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>
/// At IKE_AUTH the responder moved the IKE SA to the options (the connection) that fit the peer's ID best
/// (IDi, IDr if sent, and how it authenticates), away from those its address chose at IKE_SA_INIT.
/// </summary>
public sealed record IkeSaOptionsSwitched(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, IkeSaOptions Previous, IkeSaOptions Options, Identity Peer)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);
