namespace SwanShell.Engine.Kernel.Operations;

/// <summary>Replaces <paramref name="Previous"/> (same id) with <paramref name="Policy"/>, e.g. a trap with the IPsec policy.</summary>
public sealed record UpdatePolicyOperation(KernelPolicy Policy, KernelPolicy Previous) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.UpdatePolicy(Policy);

    public override KernelOperation Inverse() => new UpdatePolicyOperation(Previous, Policy);

    public override string Describe() => $"replace the {PolicyText.Of(Previous)} with {PolicyText.Of(Policy)}";
}
