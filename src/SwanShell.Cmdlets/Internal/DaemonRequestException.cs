using SwanShell.Engine.Control;

namespace SwanShell.Internal;

/// <summary>The daemon refused a request (or could not be reached); <see cref="Code"/> is its stable error code.</summary>
public sealed class DaemonRequestException(ControlException inner) : Exception(inner.Message, inner)
{
    public string Code { get; } = inner.Code;

    public string? Target { get; } = inner.Target;
}
