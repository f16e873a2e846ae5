using SwanShell.Engine.Daemon;

// Started as `swanshell-pluto pluto [options]`, the command line Invoke-IpsecSetup gives `swanshell`, or without the word.
return PlutoCommandLine.Run(args is ["pluto", .. var options] ? options : args, Console.Error);
