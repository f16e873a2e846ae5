namespace SwanShell.Engine.Config;

/// <summary>
/// One lexed line. <see cref="Name"/> is the keyword, conn name or version; <see cref="Value"/> the value or
/// include file; for <see cref="ConfigLineKind.Invalid"/> lines <see cref="Error"/> says what is wrong at
/// <see cref="NameColumn"/>. Columns count from 1.
/// </summary>
internal readonly record struct ConfigLine(
    ConfigLineKind Kind,
    int Number,
    string Name,
    int NameColumn,
    string Value,
    int ValueColumn,
    string? Error = null);
