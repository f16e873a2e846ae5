using System.Management.Automation;

namespace SwanShell.Cli.Classic;

/// <summary>Where a classic result is printed: through the format views, or as plain lines.</summary>
internal interface IClassicOutput
{
    /// <summary>Renders objects (error records included) through Out-Default, as pwsh does.</summary>
    void Render(IEnumerable<PSObject> objects);

    void WriteLine(string line);
}

/// <summary>
/// How a cmdlet's result becomes the classic command's output and exit code: 1 when the cmdlet failed
/// (any error) or when one of its objects reports something wrong, as the man pages want; else 0.
/// </summary>
internal abstract class ClassicResult(Func<object, bool>? fails)
{
    /// <summary>Prints the output and returns the exit code.</summary>
    public int Finish(IReadOnlyList<PSObject> output, bool succeeded, IClassicOutput console)
    {
        // Errors are shown as pwsh shows them; the rest is this result's to print.
        console.Render(output.Where(o => o.BaseObject is ErrorRecord));
        var results = output.Where(o => o.BaseObject is not ErrorRecord).ToList();
        Print(results, console);
        return ExitCode(results.Select(o => o.BaseObject), succeeded);
    }

    public int ExitCode(IEnumerable<object> results, bool succeeded) =>
        !succeeded || (fails is not null && results.Any(fails)) ? 1 : 0;

    protected abstract void Print(IReadOnlyList<PSObject> results, IClassicOutput console);
}

/// <summary>The objects through their format views (tables), where no classic text is prescribed.</summary>
internal sealed class FormatViewResult(Func<object, bool>? fails = null) : ClassicResult(fails)
{
    protected override void Print(IReadOnlyList<PSObject> results, IClassicOutput console) => console.Render(results);
}

/// <summary>Text libreswan users know, for results whose output the seeds or libreswan prescribe: lines from all the objects of a type together.</summary>
internal sealed class TextResult<T>(Func<IReadOnlyList<T>, IEnumerable<string>> lines, Func<T, bool>? fails = null)
    : ClassicResult(fails is null ? null : o => o is T t && fails(t))
{
    /// <summary>Lines from each object on its own.</summary>
    public static TextResult<T> Each(Func<T, IEnumerable<string>> lines, Func<T, bool>? fails = null) => new(all => all.SelectMany(lines), fails);

    public IEnumerable<string> Lines(params T[] results) => lines(results);

    protected override void Print(IReadOnlyList<PSObject> results, IClassicOutput console)
    {
        // Anything unexpected still reaches the user, through its view.
        console.Render(results.Where(o => o.BaseObject is not T));
        foreach (var line in lines([.. results.Select(o => o.BaseObject).OfType<T>()]))
        {
            console.WriteLine(line);
        }
    }
}
