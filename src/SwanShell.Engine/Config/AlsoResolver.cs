namespace SwanShell.Engine.Config;

/// <summary>
/// Applies <c>also=</c> and <c>conn %default</c>. A conn's own settings win over those it pulls in with
/// <c>also=</c> (earlier <c>also=</c> lines first, each followed depth-first), and those win over
/// <c>%default</c>. Names that match no conn and cycles are reported once, at the <c>also=</c> that causes them.
/// </summary>
internal sealed class AlsoResolver
{
    private readonly Dictionary<string, ConfigSection> _conns;
    private readonly DiagnosticList _diagnostics;
    private readonly HashSet<SourceLocation> _reported = [];

    private AlsoResolver(ConfigDocument document, DiagnosticList diagnostics)
    {
        _conns = document.Sections.Where(section => section.Kind == SectionKind.Conn).ToDictionary(section => section.Name, StringComparer.Ordinal);
        _diagnostics = diagnostics;
    }

    public static IReadOnlyList<ResolvedConn> Resolve(ConfigDocument document, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var resolver = new AlsoResolver(document, diagnostics);
        var defaults = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
        foreach (var section in document.Sections.Where(section => section.Kind == SectionKind.ConnDefault))
        {
            foreach (var setting in section.Settings)
            {
                defaults[setting.Key] = setting;
            }
        }

        var targets = document.Sections
            .SelectMany(section => section.Settings)
            .Where(setting => setting.Key == "also")
            .Select(setting => setting.Value)
            .ToHashSet(StringComparer.Ordinal);
        var resolved = new List<ResolvedConn>();
        foreach (var conn in document.Sections.Where(section => section.Kind == SectionKind.Conn))
        {
            var settings = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
            resolver.Pull(conn, settings, [conn.Name]);
            foreach (var (key, setting) in defaults)
            {
                settings.TryAdd(key, setting);
            }

            resolved.Add(new ResolvedConn(conn, settings, targets.Contains(conn.Name)));
        }

        return resolved;
    }

    private void Pull(ConfigSection section, Dictionary<string, ConfigSetting> into, List<string> chain)
    {
        // Within one section the last of duplicate keys wins (the parser warned about it).
        foreach (var setting in section.Settings.Reverse())
        {
            if (setting.Key != "also")
            {
                into.TryAdd(setting.Key, setting);
            }
        }

        foreach (var also in section.Settings.Where(setting => setting.Key == "also"))
        {
            if (!_conns.TryGetValue(also.Value, out var target))
            {
                Report(also, $"also={also.Value} names no conn section", Suggest(also.Value));
            }
            else if (chain.Contains(also.Value))
            {
                var cycle = string.Join(" -> ", chain.Skip(chain.IndexOf(also.Value)).Append(also.Value));
                Report(also, $"also= cycle: {cycle}", "remove one of these also= lines");
            }
            else
            {
                chain.Add(also.Value);
                Pull(target, into, chain);
                chain.RemoveAt(chain.Count - 1);
            }
        }
    }

    private string? Suggest(string name)
    {
        var closest = EditDistance.Closest(name, _conns.Keys);
        return closest is null ? null : $"did you mean 'also={closest}'?";
    }

    private void Report(ConfigSetting also, string message, string? suggestion)
    {
        if (_reported.Add(also.ValueLocation))
        {
            _diagnostics.Error(also.ValueLocation, "also", message, suggestion);
        }
    }
}
