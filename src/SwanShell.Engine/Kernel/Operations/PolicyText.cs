namespace SwanShell.Engine.Kernel.Operations;

/// <summary>The words -WhatIf uses for policies and routes, in the style of <c>ip xfrm policy</c> and <c>ip route</c>.</summary>
internal static class PolicyText
{
    public static string Of(KernelPolicy policy)
    {
        var what = policy.Kind switch
        {
            PolicyKind.Trap => "trap policy",
            PolicyKind.Pass => "pass policy",
            PolicyKind.Drop => "drop policy",
            _ => "IPsec policy",
        };
        var template = policy.Template is { } t
            ? $" via {t.Protocol.ToString().ToUpperInvariant()} {t.Mode.ToString().ToLowerInvariant()} {t.Source} -> {t.Destination} reqid {t.Reqid}"
            : string.Empty;
        return $"{what} {policy.Id} priority {policy.Priority}{template}";
    }

    public static string Of(KernelRoute route) =>
        $"route {route.Destination}{(route.Gateway is { } via ? $" via {via}" : string.Empty)}{(route.Interface is { } dev ? $" dev {dev}" : string.Empty)}{(route.PreferredSource is { } src ? $" src {src}" : string.Empty)}";
}
