using SwanShell.Engine.Kernel.Xfrm.Netlink;
using SwanShell.Engine.Kernel.Xfrm.Routing;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>The addresses added for leftsourceip, marked with IFA_PROTO so that a flush after a crash finds them.</summary>
public sealed partial class XfrmKernel
{
    /// <summary>The IFA_PROTO of our addresses: the number of our routing table, as no other address origin uses it.</summary>
    public const byte AddressProtocol = RouteTable;

    public bool HasAddress(System.Net.IPAddress address) => DumpAddresses().Any(found => found.Address.Equals(address));

    public void AddAddress(KernelAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        AddressRequest(RouteMessages.Address(RouteMessages.NewAddress, address.Address, InterfaceIndex(address.Interface, $"the address {address}"), AddressProtocol), "add", address);
    }

    public void DeleteAddress(KernelAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        AddressRequest(RouteMessages.Address(RouteMessages.DelAddress, address.Address, InterfaceIndex(address.Interface, $"the address {address}"), AddressProtocol), "delete", address);
    }

    /// <summary>Every address marked as ours, on whichever interface.</summary>
    private int FlushAddresses()
    {
        var ours = DumpAddresses().Where(found => found.Protocol == AddressProtocol);
        return ours.Sum(found => Removed(() => AddressRequest(RouteMessages.Address(RouteMessages.DelAddress, found.Address, found.Index, AddressProtocol), "flush", found.Address)));
    }

    /// <summary>Every address of the host, with its interface and origin (IFA_PROTO).</summary>
    private List<(System.Net.IPAddress Address, int Index, byte Protocol)> DumpAddresses()
    {
        try
        {
            return [.. _route.Dump(RouteMessages.DumpAddresses()).Select(RouteMessages.ReadAddress).OfType<(System.Net.IPAddress, int, byte)>()];
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, "list", "addresses", "of the host");
        }
    }

    private void AddressRequest(NetlinkMessageWriter request, string operation, object address)
    {
        try
        {
            _route.Request(request);
        }
        catch (NetlinkErrorException e)
        {
            throw XfrmErrors.From(e, operation, "address", address);
        }
    }
}
