using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using SwanShell.Engine.Config;

namespace SwanShell.Internal;

/// <summary>Tab completion of the conn names in the ipsec.conf of -Config (default /etc/ipsec.conf).</summary>
public sealed class ConfigConnectionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ArgumentNullException.ThrowIfNull(fakeBoundParameters);
        var path = Path.GetFullPath(fakeBoundParameters["Config"] as string ?? "/etc/ipsec.conf");
        return File.Exists(path)
            ? ConnectionNameCompletion.Complete(IpsecConfReader.Read(path).Connections.Select(c => c.Name), wordToComplete)
            : [];
    }
}
