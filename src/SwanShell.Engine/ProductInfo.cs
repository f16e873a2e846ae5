using System.Reflection;

namespace SwanShell.Engine;

/// <summary>The product's own name and version, as built.</summary>
public static class ProductInfo
{
    public const string Name = "SwanShell";

    /// <summary>The user-space version: the informational version without the source revision suffix.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ProductInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
