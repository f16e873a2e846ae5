namespace SwanShell.Engine.Config;

/// <summary>A conn with its local end chosen: <see cref="Local"/> is this host, <see cref="Remote"/> the peer.</summary>
public sealed record OrientedConnection(ConnectionDefinition Definition, ConnectionSide LocalSide)
{
    public ConnectionEnd Local => LocalSide == ConnectionSide.Left ? Definition.Left : Definition.Right;

    public ConnectionEnd Remote => LocalSide == ConnectionSide.Left ? Definition.Right : Definition.Left;
}
