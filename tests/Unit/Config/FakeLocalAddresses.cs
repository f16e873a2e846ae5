using System.Net;
using System.Net.Sockets;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

/// <summary>A host with the addresses a test gives it.</summary>
public sealed class FakeLocalAddresses(string? defaultRoute = null, params string[] addresses) : ILocalAddressSource
{
    private readonly IPAddress? _defaultRoute = defaultRoute is null ? null : IPAddress.Parse(defaultRoute);

    public IReadOnlyCollection<IPAddress> LocalAddresses { get; } = [.. addresses.Select(IPAddress.Parse)];

    public Dictionary<string, IPAddress> Interfaces { get; } = [];

    public IPAddress? DefaultRouteAddress(AddressFamily family) => _defaultRoute?.AddressFamily == family ? _defaultRoute : null;

    public IPAddress? InterfaceAddress(string name, AddressFamily family) =>
        Interfaces.TryGetValue(name, out var address) && address.AddressFamily == family ? address : null;
}
