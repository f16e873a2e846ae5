namespace SwanShell.Engine.Kernel.Operations;

public sealed record DeletePolicyOperation(KernelPolicy Policy) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.DeletePolicy(Policy.Id);

    public override KernelOperation Inverse() => new AddPolicyOperation(Policy);

    public override string Describe() => $"delete {PolicyText.Of(Policy)}";
}
