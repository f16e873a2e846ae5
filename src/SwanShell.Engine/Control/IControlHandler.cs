using System.Text.Json;

namespace SwanShell.Engine.Control;

/// <summary>What the daemon does with a request. Throws <see cref="ControlException"/> to refuse it.</summary>
public interface IControlHandler
{
    /// <param name="request">The request, already checked for protocol version.</param>
    /// <param name="events">Where to report what happens while serving it (streamed to the client before the result).</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the daemon stops.</param>
    Task<JsonElement?> HandleAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken);
}
