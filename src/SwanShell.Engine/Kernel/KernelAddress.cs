using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>
/// A local address the daemon adds for <c>leftsourceip</c> when the host does not have it yet, so that the route's
/// preferred source exists (libreswan's updown adds it too); removed with the route.
/// </summary>
/// <param name="Address">The address, added as a host prefix (/32 or /128).</param>
/// <param name="Interface">The interface it goes on.</param>
public sealed record KernelAddress(IPAddress Address, string Interface)
{
    public int PrefixLength => Address.GetAddressBytes().Length * 8;

    public override string ToString() => $"{Address}/{PrefixLength} dev {Interface}";
}
