using System.Management.Automation.Language;
using System.Text;

namespace SwanShell.Cli.Classic;

/// <summary>
/// One cmdlet invocation as PowerShell text, built parameter by parameter. Text (not a Command object) so that
/// <c>--show</c> can print exactly what runs and a pwsh user can paste it; every value is a single-quoted literal.
/// </summary>
internal sealed class PowerShellCommand(string cmdlet)
{
    private readonly StringBuilder _text = new(cmdlet);

    public PowerShellCommand Parameter(string name, string? value)
    {
        if (value is not null)
        {
            _text.Append(" -").Append(name).Append(' ').Append(Quote(value));
        }

        return this;
    }

    /// <summary>Adds the switch when it is present and named.</summary>
    public PowerShellCommand Switch(string? name, bool present = true)
    {
        if (present && name is not null)
        {
            _text.Append(" -").Append(name);
        }

        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>A single-quoted string: nothing inside is expanded; PowerShell's own escaping also doubles the typographic quotes it accepts.</summary>
    public static string Quote(string value) => $"'{CodeGeneration.EscapeSingleQuotedStringContent(value)}'";
}
