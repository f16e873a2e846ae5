using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SwanShell.Engine.Kernel.Xfrm.Structs;

/// <summary>xfrm_address_t: 16 octets holding an IPv4 address (first 4) or an IPv6 address, 4-aligned as its __be32 union.</summary>
[InlineArray(4)]
internal struct XfrmAddress
{
    private uint _word;

    public static XfrmAddress From(IPAddress address)
    {
        var result = default(XfrmAddress);
        address.TryWriteBytes(MemoryMarshal.AsBytes((Span<uint>)result), out _);
        return result;
    }

    public readonly IPAddress ToIPAddress(ushort family)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes((ReadOnlySpan<uint>)this);
        return family == AddressFamilies.Inet6 ? new IPAddress(bytes) : new IPAddress(bytes[..4]);
    }
}

/// <summary>The address families as the kernel numbers them (AF_INET, AF_INET6), which .NET's enum does not.</summary>
internal static class AddressFamilies
{
    public const ushort Inet = 2;
    public const ushort Inet6 = 10;

    public static ushort Of(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? Inet6 : Inet;
}
