namespace SwanShell.Engine.Kernel;

/// <summary>A netfilter mark and mask that an SA or policy applies to (libreswan's <c>mark=</c>); zero mask means none.</summary>
public readonly record struct KernelMark(uint Value, uint Mask)
{
    public bool IsSet => Mask != 0;

    public override string ToString() => $"0x{Value:x}/0x{Mask:x}";
}
