namespace SwanShell.UnitTests.Interop;

/// <summary>
/// The kernel lab boots once for all its scenarios, and only after the parallel tests have finished: its guest
/// is emulated (TCG) and its timeouts assume the machine's two cores are not shared with the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelLabGroup : ICollectionFixture<KernelLabRun>
{
    public const string Name = "kernel lab";
}
