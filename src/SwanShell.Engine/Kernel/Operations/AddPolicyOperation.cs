namespace SwanShell.Engine.Kernel.Operations;

public sealed record AddPolicyOperation(KernelPolicy Policy) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.AddPolicy(Policy);

    public override KernelOperation Inverse() => new DeletePolicyOperation(Policy);

    public override string Describe() => $"add {PolicyText.Of(Policy)}";
}
