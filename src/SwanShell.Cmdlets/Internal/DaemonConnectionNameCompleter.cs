using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;

namespace SwanShell.Internal;

/// <summary>Tab completion of the names of the connections the daemon has (of -RunDirectory, if given).</summary>
public sealed class DaemonConnectionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ArgumentNullException.ThrowIfNull(fakeBoundParameters);
        var run = RunDirectory.Resolve(fakeBoundParameters["RunDirectory"] as string);
        IReadOnlyList<IpsecConnectionStatus> connections;
        try
        {
            connections = Task.Run(async () =>
            {
                await using var client = await ControlClient.ConnectAsync(run.SocketPath, CancellationToken.None).ConfigureAwait(false);
                var result = await client.RequestAsync("connections", null, null, CancellationToken.None).ConfigureAwait(false);
                return result?.Deserialize(ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus) ?? [];
            }).GetAwaiter().GetResult();
        }
        catch (ControlException)
        {
            return []; // No daemon, nothing to offer.
        }

        return ConnectionNameCompletion.Complete(connections.Select(c => c.Name), wordToComplete);
    }
}
