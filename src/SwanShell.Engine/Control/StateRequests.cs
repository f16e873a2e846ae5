namespace SwanShell.Engine.Control;

/// <summary>Arguments of <c>rekey</c> (<c>whack --rekey-ike</c> / <c>--rekey-child</c>).</summary>
/// <param name="Name">The connection whose established SAs are rekeyed.</param>
/// <param name="Ike">The IKE SA; else each Child SA.</param>
/// <param name="WhatIf">Only say what would be done.</param>
public sealed record RekeyArguments(string Name, bool Ike, bool WhatIf = false);

/// <summary>Arguments of <c>deletestate</c> (<c>whack --deletestate N</c>).</summary>
/// <param name="Serial">The IKE or Child SA's serial, libreswan's #N.</param>
/// <param name="WhatIf">Only say what would be done.</param>
public sealed record DeleteStateArguments(ulong Serial, bool WhatIf = false);

/// <summary>Arguments of <c>debug</c> (<c>whack --debug CLASS</c>).</summary>
/// <param name="Class">A debug class name, e.g. <c>base</c> or <c>none</c>.</param>
/// <param name="WhatIf">Only say what would be done.</param>
public sealed record DebugArguments(string Class, bool WhatIf = false);

/// <summary>What <c>debug</c> did: the daemon's debug level before and after, and the step.</summary>
public sealed record DebugResult(string Previous, string Current, IReadOnlyList<string> Operations, bool Performed);

/// <summary>Arguments of <c>listen</c> (<c>whack --listen</c>).</summary>
/// <param name="WhatIf">Only say what would be done.</param>
public sealed record ListenArguments(bool WhatIf = false);

/// <summary>What <c>listen</c> did: the IKE endpoints listened on afterwards, the steps, and the secrets it reloaded.</summary>
public sealed record ListenResult(IReadOnlyList<string> Endpoints, IReadOnlyList<string> Operations, bool Performed, SecretsSummary? Secrets = null);
