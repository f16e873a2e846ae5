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

public sealed record ChildSaEstablished(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, ChildSa ChildSa)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);

/// <summary>The Child SA was refused while its IKE SA lives on (RFC 7296 §1.2).</summary>
public sealed record ChildSaFailed(ulong InitiatorSpi, ulong ResponderSpi, IPEndPoint Remote, NotifyMessageType? Notify, string Reason)
    : IkeEvent(InitiatorSpi, ResponderSpi, Remote);
