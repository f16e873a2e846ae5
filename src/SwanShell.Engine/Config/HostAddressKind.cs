namespace SwanShell.Engine.Config;

/// <summary>The forms of <c>left=</c>/<c>right=</c> and <c>leftnexthop=</c>.</summary>
public enum HostAddressKind
{
    /// <summary>An IPv4 or IPv6 address.</summary>
    Address,

    /// <summary>A DNS name, resolved when the conn is loaded (and again on revival).</summary>
    HostName,

    /// <summary><c>%defaultroute</c>: the address of the interface the default route leaves by.</summary>
    DefaultRoute,

    /// <summary><c>%any</c> (or <c>%any6</c>): any peer address, for road warriors.</summary>
    Any,

    /// <summary><c>%eth0</c>: the address of a named interface.</summary>
    Interface,

    /// <summary><c>%direct</c> (next hop only): the peer is on the same link.</summary>
    Direct,

    /// <summary><c>%opportunistic</c> / <c>%oppo</c>.</summary>
    Opportunistic,

    /// <summary><c>%opportunisticgroup</c> / <c>%oppogroup</c>.</summary>
    OpportunisticGroup,

    /// <summary><c>%group</c>.</summary>
    Group,
}
