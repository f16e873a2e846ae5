using System.Net;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>What the host knows about its own addresses; the seam through which orientation and <c>%defaultroute</c> see the machine.</summary>
public interface ILocalAddressSource
{
    /// <summary>Every address assigned to a local interface.</summary>
    IReadOnlyCollection<IPAddress> LocalAddresses { get; }

    /// <summary>The address of the interface the default route of a family leaves by, if there is one.</summary>
    IPAddress? DefaultRouteAddress(AddressFamily family);

    /// <summary>The first address of a family on a named interface, if it exists.</summary>
    IPAddress? InterfaceAddress(string name, AddressFamily family);
}
