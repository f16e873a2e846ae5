namespace SwanShell.Engine.Kernel.Operations;

public sealed record AddSaOperation(KernelSa Sa) : KernelOperation
{
    public override void Apply(IKernel kernel) => kernel.AddSa(Sa);

    public override KernelOperation Inverse() => new DeleteSaOperation(Sa);

    public override string Describe() =>
        $"add SA {Sa.Id} from {Sa.Source}, {Sa.Mode.ToString().ToLowerInvariant()} mode, reqid {Sa.Reqid}, {Sa.Algorithms}{(Sa.Encapsulation is { } udp ? $", UDP-encapsulated {udp.SourcePort}->{udp.DestinationPort}" : string.Empty)}";
}
