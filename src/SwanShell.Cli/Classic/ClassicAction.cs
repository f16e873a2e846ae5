namespace SwanShell.Cli.Classic;

/// <summary>What a classic command line translates to.</summary>
internal abstract record ClassicAction;

/// <summary>Run a cmdlet in the hosted session and turn its result into libreswan's text and exit code.</summary>
/// <param name="Command">The PowerShell command text.</param>
/// <param name="Result">How the output is printed and which exit code it gives.</param>
/// <param name="Echo">Print the command before running it, as <c>--show</c> (the shell's <c>-x</c>) does.</param>
internal sealed record CmdletAction(string Command, ClassicResult Result, bool Echo = false) : ClassicAction;

/// <summary>An answer that needs no cmdlet: help text, <c>--ready</c>, a command SwanShell does not have yet.</summary>
internal sealed record TextAction(string Text, int ExitCode, bool ToStandardError = false) : ClassicAction;
