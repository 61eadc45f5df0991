using MusicGen.Live.Cli;

return MusicGenCli.Run(args);
