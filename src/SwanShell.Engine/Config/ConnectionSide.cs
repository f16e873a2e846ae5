namespace SwanShell.Engine.Config;

/// <summary>An end of a conn as written: <c>left*</c> or <c>right*</c>.</summary>
public enum ConnectionSide
{
    Left,
    Right,
}
