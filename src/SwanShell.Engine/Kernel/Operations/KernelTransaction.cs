namespace SwanShell.Engine.Kernel.Operations;

/// <summary>Applies operations all or nothing: when one fails, those already applied are undone, newest first.</summary>
public static class KernelTransaction
{
    /// <param name="kernel">The back end.</param>
    /// <param name="operations">What to do, in order.</param>
    /// <param name="applied">Told of each operation once it took effect (for the log and -Verbose).</param>
    /// <exception cref="KernelException">The first failure; the kernel is back as it was, as far as the undo steps could bring it.</exception>
    public static void Apply(IKernel kernel, IReadOnlyList<KernelOperation> operations, Action<KernelOperation>? applied = null)
    {
        var done = new Stack<KernelOperation>();
        try
        {
            foreach (var operation in operations)
            {
                operation.Apply(kernel);
                done.Push(operation);
                applied?.Invoke(operation);
            }
        }
        catch (KernelException)
        {
            while (done.TryPop(out var operation))
            {
                try
                {
                    operation.Inverse().Apply(kernel);
                }
                catch (KernelException)
                {
                    // Undo what can be undone; the first failure is what the caller needs to hear.
                }
            }

            throw;
        }
    }
}
