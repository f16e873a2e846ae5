using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SwanShell.Engine.Config;

/// <summary>The running machine's addresses, and its default routes from the kernel's routing tables in procfs.</summary>
public sealed class SystemLocalAddressSource(string procRoot = "/proc") : ILocalAddressSource
{
    public IReadOnlyCollection<IPAddress> LocalAddresses =>
        [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(nic => nic.GetIPProperties().UnicastAddresses).Select(unicast => unicast.Address)];

    public IPAddress? DefaultRouteAddress(AddressFamily family)
    {
        var device = family == AddressFamily.InterNetwork ? DefaultRouteDevice4() : DefaultRouteDevice6();
        return device is null ? null : InterfaceAddress(device, family);
    }

    public IPAddress? InterfaceAddress(string name, AddressFamily family) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.Name == name)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == family && !address.IsIPv6LinkLocal);

    /// <summary>/proc/net/route: Iface, Destination, Gateway, Flags, RefCnt, Use, Metric, …; the default route has destination and mask 0.</summary>
    private string? DefaultRouteDevice4() =>
        ReadRoutes("net/route", skipHeader: true)
            .Where(fields => fields.Length > 7 && fields[1] == "00000000" && fields[7] == "00000000")
            .OrderBy(fields => int.Parse(fields[6], CultureInfo.InvariantCulture))
            .Select(fields => fields[0])
            .FirstOrDefault();

    /// <summary>/proc/net/ipv6_route: destination, prefix length, …, metric (field 5), …, device (last); ::/0 is the default route.</summary>
    private string? DefaultRouteDevice6() =>
        ReadRoutes("net/ipv6_route", skipHeader: false)
            .Where(fields => fields.Length >= 10 && fields[0] == new string('0', 32) && fields[1] == "00" && fields[9] != "lo")
            .OrderBy(fields => uint.Parse(fields[5], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .Select(fields => fields[9])
            .FirstOrDefault();

    private List<string[]> ReadRoutes(string file, bool skipHeader)
    {
        var path = Path.Combine(procRoot, file);
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadLines(path).Skip(skipHeader ? 1 : 0).Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
    }
}
