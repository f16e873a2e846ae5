using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class ConfigPropertyTests
{
    private static readonly char[] Noise = ['"', '#', '=', '%', ' ', '\t', '\n', '\r', '{', '}', ',', ';', '-', '+', ':', '@', '/', '*', '[', '\0', 'é', 'a', '0'];

    [Property(MaxTest = 300)]
    public Property Written_connection_reads_back_as_the_same_connection() =>
        Prop.ForAll(ConnectionGenerators.Connections(), conn =>
        {
            var text = IpsecConfWriter.Write(conn);
            var config = ConfigFiles.ReadText(text);
            var read = config.Connections.SingleOrDefault();
            return (config.Diagnostics.Count == 0 && read is not null && read with { Location = conn.Location } == conn)
                .Label(text + "\n" + string.Join("\n", config.Diagnostics));
        });

    [Property(MaxTest = 300)]
    public Property Mutated_config_gives_diagnostics_never_an_exception() =>
        Prop.ForAll(Mutations(FixtureText("every-keyword", "ipsec.conf") + FixtureText("broken", "ipsec.conf")).ToArbitrary(), text =>
        {
            using var files = new ConfigFiles(("/etc/ipsec.conf", text), ("/etc/ipsec.secrets", text));
            var config = files.Read();
            using var secrets = IpsecSecrets.Read("/etc/ipsec.secrets", files.Root);
            _ = SecretsCheck.Check(config, secrets);
            return config.Diagnostics.All(d => d.Line >= 0 && d.Message.Length > 0);
        });

    [Property(MaxTest = 200)]
    public Property Mutated_secrets_give_diagnostics_never_an_exception() =>
        Prop.ForAll(Mutations(FixtureText("host-to-host-psk", "ipsec.secrets") + "%any 10.0.0.1 : PSK 0x0a0b_0c\n: RSA \"west\"\n@a : PPKS \"id\" 0sAAEC\ninclude *.secrets\n").ToArbitrary(), text =>
        {
            using var files = new ConfigFiles(("/etc/ipsec.secrets", text));
            using var secrets = IpsecSecrets.Read("/etc/ipsec.secrets", files.Root);
            return secrets.Diagnostics.All(d => d.Message.Length > 0);
        });

    private static string FixtureText(string fixture, string file) => File.ReadAllText(Path.Combine(ConfigFiles.Fixture(fixture), "etc", file));

    /// <summary>A file with a few random edits: characters inserted, deleted or replaced, and lines dropped, doubled or swapped.</summary>
    private static Gen<string> Mutations(string original) =>
        from edits in Gen.Choose(1, 8)
        from steps in Gen.Choose(0, int.MaxValue).ArrayOf(edits * 3)
        select Mutate(original, steps);

    private static string Mutate(string text, int[] steps)
    {
        for (var i = 0; i + 2 < steps.Length; i += 3)
        {
            var at = steps[i + 1] % (text.Length + 1);
            var noise = Noise[steps[i + 2] % Noise.Length];
            var lines = text.Split('\n').ToList();
            var line = steps[i + 2] % lines.Count;
            text = (steps[i] % 6) switch
            {
                0 => text.Insert(at, noise.ToString()),
                1 => at < text.Length ? text.Remove(at, 1) : text,
                2 => at < text.Length ? text.Remove(at, 1).Insert(at, noise.ToString()) : text,
                3 => string.Join('\n', lines.Where((_, n) => n != line)),
                4 => string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))),
                _ => string.Join('\n', lines.Skip(line).Concat(lines.Take(line))),
            };
        }

        return text;
    }
}
