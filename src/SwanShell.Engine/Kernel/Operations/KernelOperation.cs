namespace SwanShell.Engine.Kernel.Operations;

/// <summary>
/// One change to the kernel, as an object: the daemon plans a list of these and either applies them or, for
/// -WhatIf, returns their descriptions, so what -WhatIf says is exactly what would be done.
/// </summary>
public abstract record KernelOperation
{
    public abstract void Apply(IKernel kernel);

    /// <summary>The operation that undoes this one, to put the kernel back as it was when a later step fails.</summary>
    public abstract KernelOperation Inverse();

    /// <summary>What the operation does, for -WhatIf and the log; never key material.</summary>
    public abstract string Describe();

    public sealed override string ToString() => Describe();
}
