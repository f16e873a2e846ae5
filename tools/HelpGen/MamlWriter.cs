using System.Management.Automation;
using System.Xml;

namespace SwanShell.HelpGen;

/// <summary>Writes MAML command help, the format <c>Get-Help</c> reads from <c>en-US/&lt;module&gt;.dll-Help.xml</c>.</summary>
internal sealed class MamlWriter : IDisposable
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string AllSets = "__AllParameterSets";

    private readonly XmlWriter _xml;

    public MamlWriter(string path)
    {
        _xml = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        _xml.WriteStartDocument();
        _xml.WriteStartElement("helpItems", "http://msh");
        _xml.WriteAttributeString("schema", "maml");
    }

    public void Write(CmdletDescription cmdlet, CommandHelpDocument doc)
    {
        _xml.WriteStartElement("command", "command", Command);
        _xml.WriteAttributeString("xmlns", "maml", null, Maml);
        _xml.WriteAttributeString("xmlns", "dev", null, Dev);

        _xml.WriteStartElement("details", Command);
        _xml.WriteElementString("name", Command, cmdlet.Name);
        _xml.WriteElementString("verb", Command, cmdlet.Verb);
        _xml.WriteElementString("noun", Command, cmdlet.Noun);
        WriteParagraphs(doc.Synopsis);
        _xml.WriteEndElement();

        WriteParagraphs(doc.Description);
        WriteSyntax(cmdlet, doc);

        _xml.WriteStartElement("parameters", Command);
        foreach (var parameter in Parameters(cmdlet))
        {
            WriteParameter(parameter, doc, set: null);
        }

        _xml.WriteEndElement();

        WriteTypes("inputTypes", "inputType", doc.Inputs);
        WriteTypes("returnValues", "returnValue", doc.Outputs);

        if (doc.Notes.Count > 0)
        {
            _xml.WriteStartElement("alertSet", Maml);
            _xml.WriteStartElement("alert", Maml);
            doc.Notes.ForEach(p => _xml.WriteElementString("para", Maml, p));
            _xml.WriteEndElement();
            _xml.WriteEndElement();
        }

        _xml.WriteStartElement("examples", Command);
        foreach (var example in doc.Examples)
        {
            _xml.WriteStartElement("example", Command);
            _xml.WriteElementString("title", Maml, $"-------------------------- {example.Title} --------------------------");
            _xml.WriteElementString("code", Dev, example.Code);
            _xml.WriteStartElement("remarks", Dev);
            example.Remarks.ForEach(p => _xml.WriteElementString("para", Maml, p));
            _xml.WriteEndElement();
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();

        _xml.WriteStartElement("relatedLinks", Command);
        foreach (var link in doc.RelatedLinks)
        {
            _xml.WriteStartElement("navigationLink", Maml);
            _xml.WriteElementString("linkText", Maml, link.Text);
            _xml.WriteElementString("uri", Maml, link.Uri);
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    public void Dispose()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Dispose();
    }

    /// <summary>The cmdlet's own parameters plus -WhatIf/-Confirm where it supports ShouldProcess.</summary>
    internal static IEnumerable<ParameterMetadata> Parameters(CmdletDescription cmdlet)
    {
        foreach (var parameter in cmdlet.Metadata.Parameters.Values)
        {
            yield return parameter;
        }

        if (cmdlet.Metadata.SupportsShouldProcess)
        {
            foreach (var common in ParameterMetadata.GetParameterMetadata(typeof(System.Management.Automation.Internal.ShouldProcessParameters)).Values)
            {
                yield return common;
            }
        }
    }

    private void WriteSyntax(CmdletDescription cmdlet, CommandHelpDocument doc)
    {
        var parameters = Parameters(cmdlet).ToList();
        var sets = parameters.SelectMany(p => p.ParameterSets.Keys).Where(k => k != AllSets).Distinct().Order(StringComparer.Ordinal).ToList();
        if (sets.Count == 0)
        {
            sets.Add(AllSets);
        }

        _xml.WriteStartElement("syntax", Command);
        foreach (var set in sets)
        {
            _xml.WriteStartElement("syntaxItem", Command);
            _xml.WriteElementString("name", Maml, cmdlet.Name);
            var inSet = parameters
                .Where(p => p.ParameterSets.ContainsKey(set) || p.ParameterSets.ContainsKey(AllSets))
                .OrderBy(p => SetMetadata(p, set).Position is var pos && pos >= 0 ? pos : int.MaxValue)
                .ThenByDescending(p => SetMetadata(p, set).IsMandatory);
            foreach (var parameter in inSet)
            {
                WriteParameter(parameter, doc, set);
            }

            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
    }

    private static ParameterSetMetadata SetMetadata(ParameterMetadata parameter, string? set) =>
        set is not null && parameter.ParameterSets.TryGetValue(set, out var inSet)
            ? inSet
            : parameter.ParameterSets.TryGetValue(AllSets, out var all) ? all : parameter.ParameterSets.Values.First();

    private void WriteParameter(ParameterMetadata parameter, CommandHelpDocument doc, string? set)
    {
        var meta = SetMetadata(parameter, set);
        var pipeline = (meta.ValueFromPipeline, meta.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var globbing = parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any();
        var typeName = TypeName(parameter.ParameterType);

        _xml.WriteStartElement("parameter", Command);
        _xml.WriteAttributeString("required", meta.IsMandatory ? "true" : "false");
        _xml.WriteAttributeString("variableLength", parameter.ParameterType.IsArray ? "true" : "false");
        _xml.WriteAttributeString("globbing", globbing ? "true" : "false");
        _xml.WriteAttributeString("pipelineInput", pipeline);
        _xml.WriteAttributeString("position", meta.Position >= 0 ? meta.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named");
        _xml.WriteAttributeString("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none");
        _xml.WriteElementString("name", Maml, parameter.Name);
        WriteParagraphs(ParameterDescription(parameter.Name, doc));
        if (!parameter.SwitchParameter)
        {
            _xml.WriteStartElement("parameterValue", Command);
            _xml.WriteAttributeString("required", "true");
            _xml.WriteAttributeString("variableLength", "false");
            _xml.WriteString(typeName);
            _xml.WriteEndElement();
        }

        _xml.WriteStartElement("type", Dev);
        _xml.WriteElementString("name", Maml, parameter.SwitchParameter ? "System.Management.Automation.SwitchParameter" : parameter.ParameterType.FullName ?? typeName);
        _xml.WriteEndElement();
        _xml.WriteElementString("defaultValue", Dev, parameter.SwitchParameter ? "False" : "None");
        _xml.WriteEndElement();
    }

    /// <summary>The description written for a parameter; -WhatIf and -Confirm get the standard text unless the page says more.</summary>
    internal static List<string> ParameterDescription(string name, CommandHelpDocument doc) =>
        doc.Parameters.TryGetValue(name, out var text) ? text : name switch
        {
            "WhatIf" => ["Shows what would happen if the cmdlet runs: the operations it would perform. The cmdlet is not run."],
            "Confirm" => ["Prompts you for confirmation before running the cmdlet."],
            _ => [],
        };

    private static string TypeName(Type type) => type.IsArray ? TypeName(type.GetElementType()!) + "[]" : type.Name;

    private void WriteTypes(string outer, string inner, List<HelpTypeEntry> entries)
    {
        _xml.WriteStartElement(outer, Command);
        foreach (var entry in entries)
        {
            _xml.WriteStartElement(inner, Command);
            _xml.WriteStartElement("type", Dev);
            _xml.WriteElementString("name", Maml, entry.TypeName);
            _xml.WriteEndElement();
            WriteParagraphs(entry.Description);
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
    }

    private void WriteParagraphs(List<string> paragraphs)
    {
        _xml.WriteStartElement("description", Maml);
        paragraphs.ForEach(p => _xml.WriteElementString("para", Maml, p));
        _xml.WriteEndElement();
    }
}
