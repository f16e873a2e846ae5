namespace SwanShell;

/// <summary>One policy as the daemon's kernel back end holds it (for <c>ipsec barf</c>).</summary>
public sealed record IpsecKernelPolicy
{
    public required string Selector { get; init; }

    public required string Direction { get; init; }

    public required string Kind { get; init; }

    public required uint Priority { get; init; }

    /// <summary>The SA template: tunnel ends, protocol, mode and reqid; null for pass and drop.</summary>
    public string? Template { get; init; }

    /// <summary>The netfilter mark and mask it applies to (<c>mark=</c>), as 0xVALUE/0xMASK; null when it has none.</summary>
    public string? Mark { get; init; }

    public override string ToString() => $"{Selector} dir {Direction} {Kind} priority {Priority}{(Template is null ? string.Empty : $" tmpl {Template}")}";
}
