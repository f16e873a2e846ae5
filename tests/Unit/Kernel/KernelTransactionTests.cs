using System.Net;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Memory;
using SwanShell.Engine.Kernel.Operations;

namespace SwanShell.UnitTests.Kernel;

public sealed class KernelTransactionTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");

    [Fact]
    public void FailingStep_UndoesTheStepsBeforeIt_AndRethrows()
    {
        using var kernel = new MemoryKernel();
        var existing = Policy("10.9.0.0/16");
        kernel.AddPolicy(existing);
        var route = new KernelRoute(IPNetwork.Parse("10.2.0.0/16"), null, Local, null);
        var applied = new List<string>();

        var error = Assert.Throws<KernelException>(() => KernelTransaction.Apply(
            kernel,
            [new AddPolicyOperation(Policy("10.2.0.0/16")), new AddRouteOperation(route), new AddPolicyOperation(existing)],
            op => applied.Add(op.Describe())));

        Assert.Equal(KernelError.Exists, error.Error);
        Assert.Equal(2, applied.Count);
        Assert.Equal([existing], kernel.ListPolicies());
        Assert.Empty(kernel.ListRoutes());
    }

    [Fact]
    public void Inverse_OfEachOperation_UndoesIt()
    {
        using var kernel = new MemoryKernel();
        var policy = Policy("10.2.0.0/16");
        var trap = policy with { Kind = PolicyKind.Trap };
        kernel.AddPolicy(trap);

        var update = new UpdatePolicyOperation(policy, trap);
        update.Apply(kernel);
        update.Inverse().Apply(kernel);

        Assert.Equal([trap], kernel.ListPolicies());
        Assert.Equal($"replace the trap policy out 192.0.2.1/32 -> 10.2.0.0/16 priority 500 with IPsec policy out 192.0.2.1/32 -> 10.2.0.0/16 priority 500", update.Describe());
    }

    private static KernelPolicy Policy(string remote) =>
        new(new KernelPolicyId(TrafficSelector.Between(new IPNetwork(Local, 32), IPNetwork.Parse(remote)), PolicyDirection.Out), PolicyKind.Ipsec, 500);
}
