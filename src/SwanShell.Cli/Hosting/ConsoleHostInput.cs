namespace SwanShell.Cli.Hosting;

/// <summary>Reads the process's standard input; secrets without echo when it is a terminal.</summary>
internal sealed class ConsoleHostInput : IHostInput
{
    public string? ReadLine() => Console.In.ReadLine();

    public string? ReadSecretLine()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return text.ToString();
                case ConsoleKey.Backspace when text.Length > 0:
                    text.Length--;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        text.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
