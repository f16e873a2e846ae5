using System.Text;

namespace SwanShell.Engine.Nflog;

/// <summary>
/// The rules of SwanShell's own nftables table, <c>table inet swanshell_nflog</c>. Nothing else is ever touched: applying
/// replaces exactly this table in one nft transaction, and removing deletes exactly it.
/// </summary>
public sealed record NflogRuleset(IReadOnlyList<NflogRule> Rules)
{
    public const string Family = "inet";

    public const string TableName = "swanshell_nflog";

    public const string Table = $"table {Family} {TableName}";

    /// <summary>Declaring the table before deleting it makes the delete succeed whether or not it existed, in the same transaction.</summary>
    public const string RemoveScript = $"{Table}\ndelete {Table}\n";

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>The table as <c>nft list table inet swanshell_nflog</c> prints it: tabs, chains in hook order, empty chains left out.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append(Table).Append(" {\n");
        var chains = Enum.GetValues<NflogChain>().Where(chain => Rules.Any(r => r.Chain == chain)).ToList();
        foreach (var chain in chains)
        {
            if (chain != chains[0])
            {
                text.Append('\n');
            }

            var hook = chain.ToString().ToLowerInvariant();
            text.Append("\tchain ").Append(hook).Append(" {\n");
            text.Append("\t\ttype filter hook ").Append(hook).Append(" priority filter; policy accept;\n");
            foreach (var rule in Rules.Where(r => r.Chain == chain))
            {
                text.Append("\t\t").Append(rule.Render()).Append('\n');
            }

            text.Append("\t}\n");
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>What <c>nft -f -</c> is given: remove our table and add it anew, atomically.</summary>
    public string ApplyScript() => RemoveScript + Render();
}
