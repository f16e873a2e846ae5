using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SwanShell.Cli.Hosting;

/// <summary>
/// Renders what PowerShell writes to the host as pwsh does: <c>WARNING:</c>/<c>VERBOSE:</c>/<c>DEBUG:</c>
/// prefixes, errors on the error writer, <c>What if:</c> text and format views through <see cref="WriteLine(string)"/>,
/// and prompts answered from <see cref="IHostInput"/>.
/// </summary>
internal sealed class SwanShellHostUserInterface(TextWriter output, TextWriter error, IHostInput input, HostOptions options)
    : PSHostUserInterface
{
    private const string Red = "\e[31;1m";
    private const string Yellow = "\e[33;1m";
    private const string Reset = "\e[0m";

    private readonly SwanShellRawUserInterface _raw = new(options.Width);
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _raw;

    public override bool SupportsVirtualTerminal => options.UseColor;

    public override void Write(string value) => output.Write(Plain(value));

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

    public override void WriteLine(string value)
    {
        ClearProgress();
        output.WriteLine(Plain(value));
    }

    public override void WriteErrorLine(string value)
    {
        ClearProgress();
        error.WriteLine(options.UseColor ? Red + value + Reset : Plain(value));
    }

    public override void WriteWarningLine(string message) => Prefixed(Yellow, "WARNING: ", message);

    public override void WriteVerboseLine(string message) => Prefixed(Yellow, "VERBOSE: ", message);

    public override void WriteDebugLine(string message) => Prefixed(Yellow, "DEBUG: ", message);

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host and friends reach the host as information records marked for display.
        if (record.Tags.Contains("PSHOST"))
        {
            WriteLine(record.MessageData?.ToString() ?? string.Empty);
        }
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (!options.ShowProgress)
        {
            return;
        }

        if (record.RecordType == ProgressRecordType.Completed)
        {
            ClearProgress();
            return;
        }

        var percent = record.PercentComplete >= 0 ? $" [{record.PercentComplete,3}%]" : string.Empty;
        var line = $"{record.Activity}: {record.StatusDescription}{percent}";
        error.Write("\r\e[K" + (line.Length > options.Width - 1 ? line[..(options.Width - 1)] : line));
        _progressShown = true;
    }

    public override string ReadLine() => input.ReadLine() ?? throw EndOfInput();

    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        foreach (var c in input.ReadSecretLine() ?? throw EndOfInput())
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        WriteCaption(caption, message);
        var answers = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptions)
        {
            Write($"{field.Name}: ");
            answers[field.Name] = field.ParameterTypeFullName == typeof(SecureString).FullName
                ? PSObject.AsPSObject(ReadLineAsSecureString())
                : PSObject.AsPSObject(ReadLine());
        }

        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        WriteCaption(caption, message);
        var keys = choices.Select(HotKey).ToList();
        var menu = string.Join("  ", choices.Select((c, i) => $"[{keys[i]}] {c.Label.Replace("&", string.Empty, StringComparison.Ordinal)}"));
        var defaultText = defaultChoice >= 0 ? $" (default is \"{keys[defaultChoice]}\")" : string.Empty;
        while (true)
        {
            Write($"{menu}  [?] Help{defaultText}: ");
            var answer = ReadLine().Trim();
            if (answer.Length == 0 && defaultChoice >= 0)
            {
                return defaultChoice;
            }

            if (answer == "?")
            {
                for (var i = 0; i < choices.Count; i++)
                {
                    WriteLine($"{keys[i]} - {choices[i].HelpMessage}");
                }

                continue;
            }

            var chosen = keys.FindIndex(k => k.Equals(answer, StringComparison.OrdinalIgnoreCase));
            if (chosen < 0)
            {
                chosen = choices.ToList().FindIndex(c => c.Label.Replace("&", string.Empty, StringComparison.Ordinal).Equals(answer, StringComparison.OrdinalIgnoreCase));
            }

            if (chosen >= 0)
            {
                return chosen;
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(
        string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        WriteCaption(caption, message);
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine();
        }

        Write($"Password for user {userName}: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private static string HotKey(ChoiceDescription choice)
    {
        var amp = choice.Label.IndexOf('&', StringComparison.Ordinal);
        return amp >= 0 && amp + 1 < choice.Label.Length
            ? char.ToUpper(choice.Label[amp + 1], CultureInfo.InvariantCulture).ToString()
            : choice.Label;
    }

    private static PromptingException EndOfInput() =>
        new("swanshell cannot prompt: the input has ended. Pass -Confirm:$false or -Force, or answer on standard input.");

    private void WriteCaption(string caption, string message)
    {
        if (!string.IsNullOrEmpty(caption))
        {
            WriteLine(caption);
        }

        if (!string.IsNullOrEmpty(message))
        {
            WriteLine(message);
        }
    }

    private void Prefixed(string color, string prefix, string message)
    {
        ClearProgress();
        output.WriteLine(options.UseColor ? color + prefix + message + Reset : prefix + Plain(message));
    }

    private string Plain(string value) => options.UseColor ? value : GetOutputString(value, supportsVirtualTerminal: false);

    private void ClearProgress()
    {
        if (_progressShown)
        {
            error.Write("\r\e[K");
            _progressShown = false;
        }
    }
}
