using System.Text.Json;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Config;

/// <summary>
/// Reads configs/engine.json into <see cref="EngineOptions"/>: every key known, every type and range checked,
/// a bad one named with its path (<c>humanize.amount</c>) in an <see cref="EngineConfigException"/>.
/// Missing keys keep their defaults.
/// </summary>
public static class EngineConfigLoader
{
    public static EngineOptions Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new EngineConfigException(path, "(file)", ex.Message);
        }

        return Parse(text, path);
    }

    public static EngineOptions Parse(string json, string source = "config")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new EngineConfigException(source, $"line {ex.LineNumber + 1}", "not valid JSON: " + ex.Message);
        }

        using (document)
        {
            var options = new EngineOptions();
            var reader = new Reader(source);
            reader.Object(document.RootElement, string.Empty, (key, value, path) =>
            {
                switch (key)
                {
                    case "ports": ReadPorts(reader, value, path, options.Ports); break;
                    case "humanize": ReadHumanize(reader, value, path, options.Humanize); break;
                    case "continuation": ReadContinuation(reader, value, path, options.Continuation); break;
                    case "accompaniment": ReadAccompaniment(reader, value, path, options.Accompaniment); break;
                    case "sampling": options.Sampling = ReadSampling(reader, value, path); break;
                    case "safety": ReadSafety(reader, value, path, options.Safety); break;
                    case "controls": ReadControls(reader, value, path, options.Controls); break;
                    case "recording": ReadRecording(reader, value, path, options.Recording); break;
                    case "runtime": options.Runtime = ParseRuntime(reader.String(value, path), reader.Source, path); break;
                    default: return false;
                }

                return true;
            });
            Validate(options, source);
            return options;
        }
    }

    /// <summary>Checks ranges (also after command-line overrides); throws naming the first bad key.</summary>
    public static void Validate(EngineOptions options, string source = "config")
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(source, "ports.backend", options.Ports.Backend is "jack" or "rtmidi", "must be \"jack\" or \"rtmidi\"");
        Check(source, "ports.clientName", !string.IsNullOrWhiteSpace(options.Ports.ClientName), "must not be empty");
        Check(source, "humanize.amount", options.Humanize.Amount is >= 0 and <= 1, "must be between 0 and 1");
        Check(
            source,
            "humanize.expression",
            options.Humanize.Expression is null or (>= 0 and <= VelocityExpression.Max),
            $"must be between 0 and {VelocityExpression.Max}, or null for the model's own");
        Check(source, "humanize.lookaheadMs", options.Humanize.LookaheadMs is >= 5 and <= 2000, "must be between 5 and 2000");
        Check(source, "humanize.model", VelocityModel.IsKnown(options.Humanize.Model), $"must be {VelocityModel.List}");
        Check(
            source,
            "humanize.model",
            !(VelocityModel.NeedsLookahead(options.Humanize.Model) && options.Humanize.Mode == HumanizeMode.Causal),
            $"'{options.Humanize.Model}' runs the bidirectional StyleNet within the look-ahead window, so it needs humanize.mode \"lookahead\" (--humanize lookahead), not \"causal\"");
        Check(source, "continuation.generator", Enum.IsDefined(options.Continuation.Generator), "must be transformer or echo");
        Check(source, "continuation.channel", options.Continuation.Channel is >= 1 and <= 16, "must be a MIDI channel 1-16");
        Check(source, "continuation.silenceFloorMs", options.Continuation.SilenceFloorMs is >= 50 and <= 60000, "must be between 50 and 60000");
        Check(source, "continuation.silenceIoiFactor", options.Continuation.SilenceIoiFactor is >= 0 and <= 100, "must be between 0 and 100");
        Check(source, "continuation.triggerController", options.Continuation.TriggerController is >= -1 and <= 127, "must be a controller 0-127 or -1");
        Check(source, "continuation.lengthBars", options.Continuation.LengthBars is > 0 and <= 64, "must be between 0 and 64");
        Check(source, "continuation.lengthSeconds", options.Continuation.LengthSeconds is >= 0 and <= 600, "must be between 0 and 600");
        Check(source, "continuation.decodeAheadMs", options.Continuation.DecodeAheadMs is >= 10 and <= 5000, "must be between 10 and 5000");
        Check(source, "continuation.startLeadMs", options.Continuation.StartLeadMs is >= 0 and <= 2000, "must be between 0 and 2000");
        Check(source, "continuation.minPlayerNotes", options.Continuation.MinPlayerNotes is >= 1 and <= 1000, "must be between 1 and 1000");
        Check(source, "accompaniment.channel", options.Accompaniment.Channel is >= 1 and <= 16, "must be a MIDI channel 1-16");
        Check(source, "accompaniment.polyphony", options.Accompaniment.Polyphony is >= 1 and <= 16, "must be between 1 and 16");
        Check(source, "accompaniment.belowSemitones", options.Accompaniment.BelowSemitones is >= 0 and <= 48, "must be between 0 and 48");
        Check(source, "accompaniment.registerSpan", options.Accompaniment.RegisterSpan is >= 12 and <= 48, "must be between 12 and 48");
        Check(source, "accompaniment.recentSeconds", options.Accompaniment.RecentSeconds is > 0 and <= 60, "must be between 0 and 60");
        Check(source, "accompaniment.stopAfterBars", options.Accompaniment.StopAfterBars is > 0 and <= 64, "must be between 0 and 64");
        Check(source, "safety.polyphonyCap", options.Safety.PolyphonyCap is >= 1 and <= 2048, "must be between 1 and 2048");
        Check(source, "safety.maxNoteSeconds", options.Safety.MaxNoteSeconds is > 0 and <= 3600, "must be between 0 and 3600");
        Check(source, "safety.scheduleAheadMs", options.Safety.ScheduleAheadMs is >= 0 and <= 50, "must be between 0 and 50");
        Check(source, "recording.flushSeconds", options.Recording.FlushSeconds is >= 0.05 and <= 60, "must be between 0.05 and 60");
        Check(source, "recording.directory", !string.IsNullOrWhiteSpace(options.Recording.Directory), "must not be empty");
        CheckField(source, "sampling.time", options.Sampling.Time);
        CheckField(source, "sampling.pitch", options.Sampling.Pitch);
        CheckField(source, "sampling.duration", options.Sampling.Duration);
        CheckField(source, "sampling.velocity", options.Sampling.Velocity);
    }

    /// <summary>Parses a mode name as the config and the command line spell it.</summary>
    public static HumanizeMode ParseHumanize(string text, string source, string key) => text switch
    {
        "off" => HumanizeMode.Off,
        "causal" => HumanizeMode.Causal,
        "lookahead" => HumanizeMode.Lookahead,
        _ => throw new EngineConfigException(source, key, $"'{text}' is not off, causal or lookahead"),
    };

    public static ContinuationMode ParseContinuation(string text, string source, string key) => text switch
    {
        "off" => ContinuationMode.Off,
        "call-and-response" => ContinuationMode.CallAndResponse,
        "accompaniment" => ContinuationMode.Accompaniment,
        _ => throw new EngineConfigException(source, key, $"'{text}' is not off, call-and-response or accompaniment"),
    };

    /// <summary>A style name, or "none" (null).</summary>
    public static StyleNetStyle? ParseStyle(string text, string source, string key) =>
        text == "none" ? null
        : StyleNames.TryParse(text, out var style) ? style
        : throw new EngineConfigException(source, key, $"'{text}' is not none, {StyleNames.List}");

    /// <summary>A velocity model's name, checked against <see cref="VelocityModel.Names"/> (the catalog's streaming models and contour).</summary>
    public static string ParseVelocityModel(string text, string source, string key) =>
        VelocityModel.IsKnown(text) ? text : throw new EngineConfigException(source, key, $"'{text}' is not {VelocityModel.List}");

    public static GeneratorModel ParseGenerator(string text, string source, string key) => text switch
    {
        "transformer" => GeneratorModel.Transformer,
        "echo" => GeneratorModel.Echo,
        _ => throw new EngineConfigException(source, key, $"'{text}' is not transformer or echo"),
    };

    public static ModelRuntime ParseRuntime(string text, string source, string key) => text switch
    {
        "native" => ModelRuntime.Native,
        "onnx" => ModelRuntime.Onnx,
        _ => throw new EngineConfigException(source, key, $"'{text}' is not native or onnx"),
    };

    public static string Name(HumanizeMode mode) => mode switch
    {
        HumanizeMode.Off => "off",
        HumanizeMode.Causal => "causal",
        _ => "lookahead",
    };

    public static string Name(ContinuationMode mode) => mode switch
    {
        ContinuationMode.Off => "off",
        ContinuationMode.CallAndResponse => "call-and-response",
        _ => "accompaniment",
    };

    private static void ReadPorts(Reader r, JsonElement e, string at, PortOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "backend": o.Backend = r.String(v, path); break;
            case "clientName": o.ClientName = r.String(v, path); break;
            case "in": o.In = r.NullableString(v, path); break;
            case "out": o.Out = r.NullableString(v, path); break;
            default: return false;
        }

        return true;
    });

    private static void ReadHumanize(Reader r, JsonElement e, string at, HumanizeOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "mode": o.Mode = ParseHumanize(r.String(v, path), r.Source, path); break;
            case "amount": o.Amount = r.Number(v, path); break;
            case "expression": o.Expression = v.ValueKind == JsonValueKind.Null ? null : r.Number(v, path); break;
            case "lookaheadMs": o.LookaheadMs = r.Number(v, path); break;
            case "inputDynamics": o.InputDynamics = r.Boolean(v, path); break;
            case "model": o.Model = ParseVelocityModel(r.String(v, path), r.Source, path); break;
            default: return false;
        }

        return true;
    });

    private static void ReadContinuation(Reader r, JsonElement e, string at, ContinuationOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "mode": o.Mode = ParseContinuation(r.String(v, path), r.Source, path); break;
            case "generator": o.Generator = ParseGenerator(r.String(v, path), r.Source, path); break;
            case "channel": o.Channel = r.Integer(v, path); break;
            case "silenceFloorMs": o.SilenceFloorMs = r.Number(v, path); break;
            case "silenceIoiFactor": o.SilenceIoiFactor = r.Number(v, path); break;
            case "triggerController": o.TriggerController = r.Integer(v, path); break;
            case "lengthBars": o.LengthBars = r.Number(v, path); break;
            case "lengthSeconds": o.LengthSeconds = r.Number(v, path); break;
            case "decodeAheadMs": o.DecodeAheadMs = r.Number(v, path); break;
            case "minPlayerNotes": o.MinPlayerNotes = r.Integer(v, path); break;
            case "startLeadMs": o.StartLeadMs = r.Number(v, path); break;
            case "snapToGrid": o.SnapToGrid = r.Boolean(v, path); break;
            case "style": o.Style = ParseStyle(r.String(v, path), r.Source, path); break;
            default: return false;
        }

        return true;
    });

    private static void ReadAccompaniment(Reader r, JsonElement e, string at, AccompanimentOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "channel": o.Channel = r.Integer(v, path); break;
            case "polyphony": o.Polyphony = r.Integer(v, path); break;
            case "belowSemitones": o.BelowSemitones = r.Integer(v, path); break;
            case "registerSpan": o.RegisterSpan = r.Integer(v, path); break;
            case "recentSeconds": o.RecentSeconds = r.Number(v, path); break;
            case "stopAfterBars": o.StopAfterBars = r.Number(v, path); break;
            default: return false;
        }

        return true;
    });

    private static SamplingSettings ReadSampling(Reader r, JsonElement e, string at)
    {
        var s = SamplingSettings.Default;
        r.Object(e, at, (key, v, path) =>
        {
            switch (key)
            {
                case "time": s = s with { Time = ReadField(r, v, path, s.Time) }; break;
                case "pitch": s = s with { Pitch = ReadField(r, v, path, s.Pitch) }; break;
                case "duration": s = s with { Duration = ReadField(r, v, path, s.Duration) }; break;
                case "velocity": s = s with { Velocity = ReadField(r, v, path, s.Velocity) }; break;
                default: return false;
            }

            return true;
        });
        return s;
    }

    // Starts from the field's own default, so "time": { "topP": 0.9 } keeps the tuned time temperature.
    private static FieldSampling ReadField(Reader r, JsonElement e, string at, FieldSampling defaults)
    {
        var f = defaults;
        r.Object(e, at, (key, v, path) =>
        {
            switch (key)
            {
                case "temperature": f = f with { Temperature = (float)r.Number(v, path) }; break;
                case "topP": f = f with { TopP = (float)r.Number(v, path) }; break;
                default: return false;
            }

            return true;
        });
        return f;
    }

    private static void ReadSafety(Reader r, JsonElement e, string at, SafetyOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "polyphonyCap": o.PolyphonyCap = r.Integer(v, path); break;
            case "maxNoteSeconds": o.MaxNoteSeconds = r.Number(v, path); break;
            case "scheduleAheadMs": o.ScheduleAheadMs = r.Number(v, path); break;
            default: return false;
        }

        return true;
    });

    private static void ReadControls(Reader r, JsonElement e, string at, ControlMap o) => r.Object(e, at, (key, v, path) =>
    {
        var cc = r.Integer(v, path);
        if (cc is < -1 or > 127)
        {
            throw new EngineConfigException(r.Source, path, "must be a controller 0-127 or -1");
        }

        switch (key)
        {
            case "continuationMode": o.ContinuationMode = cc; break;
            case "humanizeMode": o.HumanizeMode = cc; break;
            case "humanizeAmount": o.HumanizeAmount = cc; break;
            case "humanizeExpression": o.HumanizeExpression = cc; break;
            case "timeTemperature": o.TimeTemperature = cc; break;
            case "timeTopP": o.TimeTopP = cc; break;
            case "pitchTemperature": o.PitchTemperature = cc; break;
            case "pitchTopP": o.PitchTopP = cc; break;
            case "durationTemperature": o.DurationTemperature = cc; break;
            case "durationTopP": o.DurationTopP = cc; break;
            case "velocityTemperature": o.VelocityTemperature = cc; break;
            case "velocityTopP": o.VelocityTopP = cc; break;
            case "continuationStyle": o.ContinuationStyle = cc; break;
            case "panic": o.Panic = cc; break;
            default: return false;
        }

        return true;
    });

    private static void ReadRecording(Reader r, JsonElement e, string at, RecordingOptions o) => r.Object(e, at, (key, v, path) =>
    {
        switch (key)
        {
            case "enabled": o.Enabled = r.Boolean(v, path); break;
            case "directory": o.Directory = r.String(v, path); break;
            case "flushSeconds": o.FlushSeconds = r.Number(v, path); break;
            default: return false;
        }

        return true;
    });

    private static void Check(string source, string key, bool ok, string message)
    {
        if (!ok)
        {
            throw new EngineConfigException(source, key, message);
        }
    }

    private static void CheckField(string source, string key, FieldSampling field)
    {
        Check(source, key + ".temperature", field.Temperature is >= 0.01f and <= 5f, "must be between 0.01 and 5");
        Check(source, key + ".topP", field.TopP is > 0f and <= 1f, "must be in (0, 1]");
    }

    /// <summary>Typed reads that name the key path on a type mismatch; objects with unknown keys are rejected.</summary>
    private sealed class Reader(string source)
    {
        public string Source { get; } = source;

        public void Object(JsonElement element, string at, Func<string, JsonElement, string, bool> property)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new EngineConfigException(Source, at.Length == 0 ? "(root)" : at, "must be an object");
            }

            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == "$comment")
                {
                    continue; // documentation inside the file
                }

                var path = at.Length == 0 ? p.Name : at + "." + p.Name;
                if (!property(p.Name, p.Value, path))
                {
                    throw new EngineConfigException(Source, path, "unknown key");
                }
            }
        }

        public string String(JsonElement e, string path) =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new EngineConfigException(Source, path, "must be a string");

        public string? NullableString(JsonElement e, string path) => e.ValueKind == JsonValueKind.Null ? null : String(e, path);

        public double Number(JsonElement e, string path) =>
            e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new EngineConfigException(Source, path, "must be a number");

        public int Integer(JsonElement e, string path) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw new EngineConfigException(Source, path, "must be an integer");

        public bool Boolean(JsonElement e, string path) =>
            e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw new EngineConfigException(Source, path, "must be true or false");
    }
}
