using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SwanShell.HelpGen;

/// <summary>A cmdlet as PowerShell itself sees it: name, parameters and parameter sets.</summary>
internal sealed record CmdletDescription(string Name, string Verb, string Noun, CommandMetadata Metadata, Type[] OutputTypes);

/// <summary>Loads a compiled module assembly and describes its cmdlets through PowerShell's own metadata.</summary>
internal static class CmdletMetadataReader
{
    public static IReadOnlyList<CmdletDescription> Read(string assemblyPath, IEnumerable<string> referencePaths)
    {
        // Dependencies resolve from the compiler's reference list; PowerShell itself stays the engine this tool runs.
        var byName = referencePaths
            .Where(p => !Path.GetFileName(p).Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is not null && byName.TryGetValue(name.Name, out var path) ? context.LoadFromAssemblyPath(path) : null;

        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        return [.. assembly.GetExportedTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
            .Where(x => x.Attribute is not null && typeof(Cmdlet).IsAssignableFrom(x.Type))
            .Select(x => new CmdletDescription(
                $"{x.Attribute!.VerbName}-{x.Attribute.NounName}",
                x.Attribute.VerbName,
                x.Attribute.NounName,
                new CommandMetadata(x.Type),
                [.. x.Type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type).Select(t => t.Type).OfType<Type>()]))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }
}
