namespace SwanShell.Engine.Kernel.Operations;

public sealed record DeleteAddressOperation(KernelAddress Address) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.DeleteAddress(Address);

    public override KernelOperation Inverse() => new AddAddressOperation(Address);

    public override string Describe() => $"delete address {Address}";
}
