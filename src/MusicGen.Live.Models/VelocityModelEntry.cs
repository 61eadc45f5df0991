using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models;

/// <summary>
/// One velocity model a user chooses by name (<c>humanize --model NAME</c>, <c>humanize.model</c> in the engine
/// config): its card in <c>models/</c>, one line on what it is for, and how to load it.
/// </summary>
/// <param name="Name">The name on the command line and in configs.</param>
/// <param name="Card">The model card's file name in the models folder (the card names its weights).</param>
/// <param name="Summary">What it is and when to use it, for help texts.</param>
/// <param name="Load">Card path → model. Null for the article's piano-roll model, which is not note-level (<see cref="ArticleStyleNet"/>).</param>
/// <param name="Streams">It runs one note at a time with a bounded look-ahead (so the live engine can run it).</param>
/// <param name="HasOnnxStep">An ONNX export of its step ships beside the card (<c>--runtime onnx</c>).</param>
/// <param name="StreamsWithinLookahead">
/// A bidirectional model the live engine runs within its look-ahead window (<see cref="OfflineNoteStyleNet.CreateStream"/>):
/// live in look-ahead mode only.
/// </param>
/// <param name="LiveExpression">
/// The live engine's expression for this model when the config leaves <c>humanize.expression</c> out (or null): each
/// model compresses a pianist's range by its own amount, so one number for all would put one of them off its target.
/// </param>
public sealed record VelocityModelEntry(
    string Name,
    string Card,
    string Summary,
    Func<string, INoteVelocityModel>? Load,
    bool Streams = false,
    bool HasOnnxStep = false,
    bool StreamsWithinLookahead = false,
    double LiveExpression = 0);
