using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>How the host reaches an address: through a gateway or directly, out of an interface.</summary>
public sealed record KernelNextHop(IPAddress? Gateway, string Interface);
