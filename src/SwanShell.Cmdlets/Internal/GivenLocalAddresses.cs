using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Config;

namespace SwanShell.Internal;

/// <summary>The addresses -LocalAddress names, standing in for the machine's own (to see a conn as another host would).</summary>
internal sealed class GivenLocalAddresses(IReadOnlyCollection<IPAddress> addresses) : ILocalAddressSource
{
    public IReadOnlyCollection<IPAddress> LocalAddresses { get; } = addresses;

    /// <summary>The given address of the family, as if the default route left by it.</summary>
    public IPAddress? DefaultRouteAddress(AddressFamily family) => LocalAddresses.FirstOrDefault(address => address.AddressFamily == family);

    /// <summary>Interfaces are the machine's; with given addresses there are none.</summary>
    public IPAddress? InterfaceAddress(string name, AddressFamily family) => null;
}
