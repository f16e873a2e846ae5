namespace SwanShell.Engine.Config;

/// <summary>
/// Reads ipsec.conf and its includes into sections, checking every keyword against libreswan's tables:
/// unknown keywords get "did you mean", unsupported ones say so, obsolete ones name their replacement.
/// Includes are textual, as in libreswan: an included file's settings continue the section open before it.
/// </summary>
internal sealed class IpsecConfParser
{
    private readonly DiagnosticList _diagnostics;
    private readonly IncludeReader _includes;
    private readonly List<ConfigSection> _sections = [];
    private readonly Dictionary<string, ConfigSection> _conns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConfigSetting> _keysInSection = new(StringComparer.Ordinal);
    private ConfigSection? _current;

    /// <summary>Set after a section header that could not be used: its settings were reported with the header.</summary>
    private bool _skippingSection;

    private IpsecConfParser(ConfigFileSystem files, DiagnosticList diagnostics, string path)
    {
        _diagnostics = diagnostics;
        _includes = new IncludeReader(files, diagnostics, path);
    }

    /// <summary>Parses <paramref name="path"/> (a path under the root of <paramref name="files"/>) and everything it includes.</summary>
    public static ConfigDocument Parse(ConfigFileSystem files, string path, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var virtualPath = ConfigFileSystem.Combine("/", path);
        var parser = new IpsecConfParser(files, diagnostics, virtualPath);
        parser.ReadFile(virtualPath, from: null);
        return new ConfigDocument(parser._sections, [.. parser._includes.FilesRead.Select(parser._includes.Display)]);
    }

    private void ReadFile(string path, SourceLocation? from)
    {
        if (!_includes.TryEnter(path, from, out var text))
        {
            return;
        }

        var display = _includes.Display(path);
        foreach (var line in IpsecConfLexer.Lex(text))
        {
            var errors = _diagnostics.ErrorCount;
            ReadLine(path, display, line);
            if (_current is not null && _diagnostics.ErrorCount > errors && line.Kind != ConfigLineKind.Include)
            {
                _current.HasErrors = true;
            }
        }

        _includes.Leave();
    }

    private void ReadLine(string path, string display, ConfigLine line)
    {
        var at = new SourceLocation(display, line.Number, line.NameColumn);
        switch (line.Kind)
        {
            case ConfigLineKind.Invalid:
                _diagnostics.Error(at, null, line.Error!);
                break;
            case ConfigLineKind.Version when line.Value is not ("2" or "2.0"):
                _diagnostics.Error(at with { Column = line.ValueColumn }, "version", $"unknown version '{line.Value}'", "write 'version 2'");
                break;
            case ConfigLineKind.ConfigSetup:
                StartSetup(line, at);
                break;
            case ConfigLineKind.Conn:
                StartConn(line, at);
                break;
            case ConfigLineKind.Include:
                foreach (var file in _includes.Resolve(path, line.Value, at))
                {
                    ReadFile(file, at);
                }

                break;
            case ConfigLineKind.Setting:
                AddSetting(line, at, new SourceLocation(display, line.Number, line.ValueColumn));
                break;
        }
    }

    private void StartSetup(ConfigLine line, SourceLocation at)
    {
        if (line.Value != "setup")
        {
            _diagnostics.Error(at with { Column = line.ValueColumn }, null, $"unknown section 'config {line.Value}'", "the only config section is 'config setup'");
            _current = null;
            _skippingSection = true;
            return;
        }

        _current = _sections.FirstOrDefault(section => section.Kind == SectionKind.Setup);
        if (_current is null)
        {
            _current = new ConfigSection(SectionKind.Setup, "setup", at);
            _sections.Add(_current);
        }
        else
        {
            _diagnostics.Warning(at, null, $"a second 'config setup' section; its settings are added to the one at {_current.Location}");
        }

        StartKeys();
    }

    private void StartConn(ConfigLine line, SourceLocation at)
    {
        var name = line.Value;
        _current = null;
        _skippingSection = true;
        var nameAt = at with { Column = line.ValueColumn };
        if (name != "%default" && !IsValidConnName(name))
        {
            _diagnostics.Error(nameAt, null, $"invalid conn name '{name}'", "a conn name starts with a letter and has only letters, digits, '.', '_' and '-'");
            return;
        }

        if (_conns.TryGetValue(name, out var existing))
        {
            _diagnostics.Error(nameAt, null, $"conn '{name}' is already defined at {existing.Location}", "give one of them another name");
            return;
        }

        _current = new ConfigSection(name == "%default" ? SectionKind.ConnDefault : SectionKind.Conn, name, at);
        _conns.Add(name, _current);
        _sections.Add(_current);
        StartKeys();
    }

    private void StartKeys()
    {
        _keysInSection.Clear();
        _skippingSection = false;
    }

    private void AddSetting(ConfigLine line, SourceLocation at, SourceLocation valueAt)
    {
        if (_current is null)
        {
            if (!_skippingSection)
            {
                _diagnostics.Error(at, line.Name, $"'{line.Name}=' is not inside a section", "put it under a 'conn <name>' or 'config setup' line");
            }

            return;
        }

        if (line.Name.StartsWith("x-", StringComparison.OrdinalIgnoreCase))
        {
            return; // user extensions, ignored by libreswan too
        }

        var section = _current.Kind == SectionKind.Setup ? KeywordSection.Setup : KeywordSection.Conn;
        var keyword = KeywordTable.Find(section, line.Name, out var key);
        if (!IsUsable(keyword, section, line.Name, key, at))
        {
            return;
        }

        var setting = new ConfigSetting(key, line.Value, at, valueAt);
        if (key == "also")
        {
            if (_current.Kind == SectionKind.ConnDefault)
            {
                _diagnostics.Error(at, key, "conn %default may not use also=", "move the also= into the conns that need it");
                return;
            }
        }
        else if (_keysInSection.TryGetValue(key, out var first))
        {
            _diagnostics.Warning(at, key, $"'{key}' is already set in {Describe(_current)} at {first.KeyLocation}; this later value is used");
        }

        _keysInSection[key] = setting;
        _current.Add(setting);
    }

    private bool IsUsable(Keyword? keyword, KeywordSection section, string written, string key, SourceLocation at)
    {
        if (keyword is null)
        {
            ReportUnknown(section, written, at);
            return false;
        }

        switch (keyword.Status)
        {
            case KeywordStatus.Unsupported:
                var why = keyword.Note is null ? string.Empty : ": " + keyword.Note;
                var severity = keyword.Severity;
                _diagnostics.Add(new ConfigDiagnostic(severity, at, key, $"'{key}' is not supported by SwanShell{why}", severity == DiagnosticSeverity.Warning ? "it is ignored" : null));
                return false;
            case KeywordStatus.Obsolete:
                _diagnostics.Warning(at, key, $"'{key}' is obsolete and ignored", $"use {keyword.Note}");
                return false;
            case KeywordStatus.Deprecated:
                _diagnostics.Warning(at, key, $"'{key}' is deprecated", $"use {keyword.Note}");
                return true;
            default:
                return true;
        }
    }

    private void ReportUnknown(KeywordSection section, string written, SourceLocation at)
    {
        var where = section == KeywordSection.Setup ? "config setup" : "a conn";
        if (section == KeywordSection.Conn && KeywordTable.IsPerEndWithoutEnd(written))
        {
            _diagnostics.Error(at, written, $"'{written}' belongs to one end of the connection", $"write 'left{written}' or 'right{written}'");
            return;
        }

        var other = section == KeywordSection.Setup ? KeywordSection.Conn : KeywordSection.Setup;
        if (KeywordTable.Find(other, written, out _) is not null)
        {
            var belongs = other == KeywordSection.Setup ? "config setup" : "conn sections";
            _diagnostics.Error(at, written, $"'{written}' is not valid in {where}", $"it belongs in {belongs}");
            return;
        }

        var suggestion = EditDistance.Closest(written.ToLowerInvariant(), KeywordTable.Names(section));
        _diagnostics.Error(at, written, $"unknown keyword '{written}'", suggestion is null ? null : $"did you mean '{suggestion}'?");
    }

    private static string Describe(ConfigSection section) =>
        section.Kind == SectionKind.Setup ? "config setup" : $"conn {section.Name}";

    private static bool IsValidConnName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
