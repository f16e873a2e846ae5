using SwanShell.Cli.Hosting;

namespace SwanShell.UnitTests.Hosting;

/// <summary>Answers prompts from a fixed list, as a user typing them would; null once they run out.</summary>
public sealed class ScriptedInput(IEnumerable<string> answers) : IHostInput
{
    private readonly Queue<string> _answers = new(answers);

    public string? ReadLine() => _answers.TryDequeue(out var answer) ? answer : null;

    public string? ReadSecretLine() => ReadLine();
}
