namespace SwanShell.Engine.Control;

/// <summary>Arguments of <c>add</c>: which conns of which ipsec.conf to add (<c>ipsec auto --add</c>).</summary>
/// <param name="ConfigPath">The ipsec.conf to read, absolute.</param>
/// <param name="Names">The conns to add; ignored with <paramref name="All"/>.</param>
/// <param name="All">Every conn whose <c>auto=</c> is not <c>ignore</c>.</param>
/// <param name="Replace">Delete a connection of the same name first (<c>--replace</c>).</param>
/// <param name="WhatIf">Only say what would be done.</param>
public sealed record AddConnectionsArguments(string ConfigPath, IReadOnlyList<string> Names, bool All = false, bool Replace = false, bool WhatIf = false);

/// <summary>Arguments of the commands that act on one connection by name (delete, route, unroute, up, down).</summary>
/// <param name="Name">The connection.</param>
/// <param name="WhatIf">Only say what would be done.</param>
/// <param name="NoWait">For <c>up</c>: start negotiating and answer at once (<c>--asynchronous</c>).</param>
public sealed record ConnectionArguments(string Name, bool WhatIf = false, bool NoWait = false);

/// <summary>Arguments of <c>connections</c>, which without them answers every connection.</summary>
/// <param name="Names">Only these connections (exact names; unknown ones are left out): a client that added a few
/// conns to thousands asks for those alone.</param>
public sealed record ConnectionsQuery(IReadOnlyList<string> Names);

/// <summary>What a connection command did, or would do with -WhatIf: the daemon and kernel operations, in order.</summary>
public sealed record ConnectionChange(string Name, string Action, IReadOnlyList<string> Operations, bool Performed);

/// <summary>What <c>rereadsecrets</c> loaded: the file, how many records, and the problems found (never a secret).</summary>
public sealed record SecretsSummary(string Path, int Count, IReadOnlyList<string> Problems);
