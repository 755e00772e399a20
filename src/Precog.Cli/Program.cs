using Precog.Cli;

return PrecogCli.Run(args, Console.Out, Console.Error);
