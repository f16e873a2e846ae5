using System.Text;

namespace SwanShell.Cli.Hosting;

/// <summary>
/// A small line editor for the interactive prompt: cursor keys, Home/End, Backspace/Delete,
/// Up/Down through history, Tab completion, Ctrl+C to abandon a line, Ctrl+D to leave.
/// Falls back to plain line reading when standard input is not a terminal.
/// </summary>
internal sealed class ConsoleLineReader(Func<string, int, (int Start, int Length, IReadOnlyList<string> Matches)> complete) : ILineReader
{
    private readonly List<string> _history = [];

    public void AddHistory(string line)
    {
        if (_history.Count == 0 || _history[^1] != line)
        {
            _history.Add(line);
        }
    }

    public string? ReadLine(string prompt)
    {
        Console.Write(prompt);
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var line = new StringBuilder();
        var cursor = 0;
        var historyIndex = _history.Count;
        var (completionStart, completionMatches, completionIndex) = (0, (IReadOnlyList<string>)[], -1);
        var promptLeft = Console.CursorLeft;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key != ConsoleKey.Tab)
            {
                completionIndex = -1;
            }

            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return line.ToString();
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    if (line.Length == 0)
                    {
                        Console.WriteLine();
                        return null;
                    }

                    break;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Console.WriteLine("^C");
                    Console.Write(prompt);
                    line.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = line.Length;
                    break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    Replace(_history[--historyIndex]);
                    break;
                case ConsoleKey.DownArrow when historyIndex < _history.Count:
                    historyIndex++;
                    Replace(historyIndex == _history.Count ? string.Empty : _history[historyIndex]);
                    break;
                case ConsoleKey.Tab:
                    if (completionIndex < 0)
                    {
                        var (start, length, matches) = complete(line.ToString(), cursor);
                        if (matches.Count == 0)
                        {
                            break;
                        }

                        line.Remove(start, length);
                        cursor = start;
                        (completionStart, completionMatches, completionIndex) = (start, matches, 0);
                    }
                    else
                    {
                        line.Remove(completionStart, completionMatches[completionIndex].Length);
                        completionIndex = (completionIndex + 1) % completionMatches.Count;
                    }

                    line.Insert(completionStart, completionMatches[completionIndex]);
                    cursor = completionStart + completionMatches[completionIndex].Length;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(promptLeft, line, cursor);
        }

        void Replace(string text)
        {
            line.Clear().Append(text);
            cursor = line.Length;
        }
    }

    private static void Redraw(int promptLeft, StringBuilder line, int cursor)
    {
        Console.Write("\r" + new string(' ', promptLeft) + "\e[K");
        Console.CursorLeft = promptLeft;
        Console.Write(line.ToString());
        Console.CursorLeft = Math.Min(promptLeft + cursor, Math.Max(Console.BufferWidth - 1, 0));
    }
}
