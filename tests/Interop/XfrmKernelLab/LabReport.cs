namespace SwanShell.Interop.XfrmKernelLab;

/// <summary>PASS/FAIL lines on stdout (the lab's peer log) and in a report file of the run directory.</summary>
public sealed class LabReport(string side, string path) : IDisposable
{
    private readonly StreamWriter _file = new(path, append: false) { AutoFlush = true };
    private int _failures;

    public void Check(string what, bool passed, string detail = "")
    {
        _failures += passed ? 0 : 1;
        var line = $"{(passed ? "PASS" : "FAIL")} {side}: {what}{(detail.Length == 0 ? string.Empty : $" ({detail})")}";
        _file.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Runs a check that must not throw; an exception fails it with its message.</summary>
    public void Check(string what, Func<(bool Passed, string Detail)> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            var (passed, detail) = check();
            Check(what, passed, detail);
        }
        catch (Exception e)
        {
            Check(what, false, e.Message);
        }
    }

    public void Finish() => _file.WriteLine(_failures == 0 ? "XFRM KERNEL LAB PASS" : $"XFRM KERNEL LAB FAIL ({_failures})");

    public void Dispose() => _file.Dispose();
}
