using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>
/// Decides which end of a conn is this host ("orienting", in libreswan's words): the end whose address is
/// one of the host's, or that is <c>%defaultroute</c> or a local interface. A caller may force the side.
/// </summary>
public static class ConnectionOrientation
{
    /// <summary>Orients a conn; <paramref name="reason"/> says why when it cannot (then the conn is "unoriented").</summary>
    public static bool TryOrient(ConnectionDefinition conn, ILocalAddressSource host, ConnectionSide? forced, out OrientedConnection? oriented, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(conn);
        ArgumentNullException.ThrowIfNull(host);
        oriented = null;
        reason = null;
        if (forced is { } side)
        {
            oriented = new OrientedConnection(conn, side);
            return true;
        }

        var left = IsLocal(conn.Left.Host, host);
        var right = IsLocal(conn.Right.Host, host);
        if (left && right)
        {
            reason = $"both ends of '{conn.Name}' ({conn.Left.Host} and {conn.Right.Host}) are addresses of this host; say which end is local";
            return false;
        }

        if (!left && !right)
        {
            reason = $"neither end of '{conn.Name}' ({conn.Left.Host} or {conn.Right.Host}) is an address of this host";
            return false;
        }

        oriented = new OrientedConnection(conn, left ? ConnectionSide.Left : ConnectionSide.Right);
        return true;
    }

    /// <summary>The address an end's host stands for on this machine (for <c>%defaultroute</c> and <c>%eth0</c>), or its literal address.</summary>
    public static IPAddress? ResolveLocal(HostAddress end, ILocalAddressSource host, AddressFamily family = AddressFamily.InterNetwork)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(host);
        return end.Kind switch
        {
            HostAddressKind.Address => end.Address,
            HostAddressKind.DefaultRoute => host.DefaultRouteAddress(family),
            HostAddressKind.Interface => host.InterfaceAddress(end.Name!, family),
            _ => null,
        };
    }

    private static bool IsLocal(HostAddress end, ILocalAddressSource host) => end.Kind switch
    {
        HostAddressKind.Address => host.LocalAddresses.Contains(end.Address!),
        HostAddressKind.DefaultRoute => host.DefaultRouteAddress(AddressFamily.InterNetwork) is not null || host.DefaultRouteAddress(AddressFamily.InterNetworkV6) is not null,
        HostAddressKind.Interface => host.InterfaceAddress(end.Name!, AddressFamily.InterNetwork) is not null || host.InterfaceAddress(end.Name!, AddressFamily.InterNetworkV6) is not null,
        _ => false,
    };
}
