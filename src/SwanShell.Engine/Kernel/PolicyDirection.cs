namespace SwanShell.Engine.Kernel;

/// <summary>The XFRM policy directions.</summary>
public enum PolicyDirection : byte
{
    In = 0,
    Out = 1,
    Forward = 2,
}
