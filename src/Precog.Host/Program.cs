using Precog.Host;

return await NodeCommand.RunAsync(args);
