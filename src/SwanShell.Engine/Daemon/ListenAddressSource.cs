using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Config;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The host as a daemon with <c>listen=</c> sees it: that one address is its only local one, so two daemons on one
/// machine (demos, tests) each take the end of a conn that is theirs.
/// </summary>
public sealed class ListenAddressSource(IPAddress listen) : ILocalAddressSource
{
    public IReadOnlyCollection<IPAddress> LocalAddresses { get; } = [listen];

    public IPAddress? DefaultRouteAddress(AddressFamily family) => listen.AddressFamily == family ? listen : null;

    public IPAddress? InterfaceAddress(string name, AddressFamily family) => null;
}
