namespace SwanShell.Engine.Kernel.Operations;

public sealed record AddAddressOperation(KernelAddress Address) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.AddAddress(Address);

    public override KernelOperation Inverse() => new DeleteAddressOperation(Address);

    public override string Describe() => $"add address {Address}";
}
