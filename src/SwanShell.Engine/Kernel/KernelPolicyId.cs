namespace SwanShell.Engine.Kernel;

/// <summary>What identifies a policy in the kernel: its selector, direction and mark.</summary>
public readonly record struct KernelPolicyId(TrafficSelector Selector, PolicyDirection Direction, KernelMark Mark = default)
{
    public override string ToString() => $"{Direction.ToString().ToLowerInvariant()} {Selector}{(Mark.IsSet ? $" mark {Mark}" : string.Empty)}";
}
