namespace SwanShell.Engine.Kernel.Operations;

public sealed record AddRouteOperation(KernelRoute Route) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.AddRoute(Route);

    public override KernelOperation Inverse() => new DeleteRouteOperation(Route);

    public override string Describe() => $"add {PolicyText.Of(Route)}";
}
