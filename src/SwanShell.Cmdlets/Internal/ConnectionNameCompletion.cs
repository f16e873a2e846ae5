using System.Management.Automation;

namespace SwanShell.Internal;

/// <summary>Completion results for connection names starting with what was typed, quoted when they need it.</summary>
internal static class ConnectionNameCompletion
{
    public static IEnumerable<CompletionResult> Complete(IEnumerable<string> names, string wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return names
            .Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => new CompletionResult(name.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`') ? $"'{name.Replace("'", "''", StringComparison.Ordinal)}'" : name, name, CompletionResultType.ParameterValue, name));
    }
}
