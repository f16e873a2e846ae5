namespace SwanShell.Engine.Kernel.Operations;

public sealed record DeleteRouteOperation(KernelRoute Route) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.DeleteRoute(Route);

    public override KernelOperation Inverse() => new AddRouteOperation(Route);

    public override string Describe() => $"delete {PolicyText.Of(Route)}";
}
