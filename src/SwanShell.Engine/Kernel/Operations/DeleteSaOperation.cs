namespace SwanShell.Engine.Kernel.Operations;

public sealed record DeleteSaOperation(KernelSa Sa) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.DeleteSa(Sa.Id);

    public override KernelOperation Inverse() => new AddSaOperation(Sa);

    public override string Describe() => $"delete SA {Sa.Id}";
}
