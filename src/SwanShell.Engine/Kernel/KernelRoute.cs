using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>
/// A route that makes local traffic to a remote subnet leave with <c>leftsourceip</c> so that it matches the
/// tunnel's policy (libreswan installs these in a table of its own).
/// </summary>
public sealed record KernelRoute(IPNetwork Destination, IPAddress? Gateway, IPAddress? PreferredSource, string? Interface);
