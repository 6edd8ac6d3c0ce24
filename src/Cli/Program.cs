using Stamina.Cli;

return await StaminaCommandLine.InvokeAsync(args, CliContext.FromConsole());
