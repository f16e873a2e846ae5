namespace SwanShell.UnitTests.TestSupport;

/// <summary>The checkout the tests were built from: the folder above their output that holds SwanShell.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SwanShell.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no SwanShell.sln above {AppContext.BaseDirectory}");
    }
}
