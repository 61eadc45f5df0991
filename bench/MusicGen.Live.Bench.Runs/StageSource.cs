using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// Makes the velocity stage and phrase generator for the engine options, as the live engine would run them. The
/// command line passes its stage factory (shipped models found beside the program, its <c>--runtime</c> choice), so a
/// bench runs the stages a user gets without this library knowing where models live or which runtime loads them.
/// </summary>
public delegate LiveStages StageSource(EngineOptions options);
