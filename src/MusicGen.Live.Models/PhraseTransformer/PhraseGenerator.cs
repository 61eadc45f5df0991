namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// The streaming face of the phrase model for the live engine. <see cref="Observe"/> feeds a played event into the
/// KV cache; <see cref="SampleNext"/> draws the next event field by field (shift, kind, pitch, duration, velocity;
/// each head sees the fields already drawn), feeds it into the cache too, and returns it; <see cref="Reset"/>
/// forgets everything. The cache window is bounded: once full, the oldest event drops out without recomputation.
/// Sampled events are always valid: pitch inside the settings' range and not already held, at most
/// <see cref="PhraseSamplingSettings.MaxPolyphony"/> held notes, pedal down only when up and vice versa. Note-offs
/// are implied by each note's duration, so a note-off without its note-on cannot occur.
/// <see cref="Mark"/> remembers the context as it stands (the events really played); <see cref="Rollback"/> returns
/// to it, truncating the KV cache and restoring the clock, held notes and pedal, so that events decoded ahead (or
/// fed provisionally) and never played leave no trace.
/// Threading: owned by one thread (the engine thread, or its generation worker); no locks. After construction,
/// <see cref="Observe"/>, <see cref="SampleNext"/>, <see cref="Mark"/>, <see cref="Rollback"/> and <see cref="Reset"/> allocate nothing.
/// </summary>
public sealed class PhraseGenerator
{
    private readonly IPhraseDecoder _decoder;
    private readonly FieldSampler _sampler;
    private readonly float[] _logits;
    private readonly bool[] _allowed;
    private readonly double[] _heldUntil = new double[128];
    private readonly double[] _markedHeldUntil = new double[128];
    private double _time;
    private bool _pedalDown;
    private PhraseToken _last;          // the last event fed (re-fed after a truncation to rebuild the hidden state)
    private long _markedPosition;
    private double _markedTime;
    private bool _markedPedalDown;
    private PhraseToken _markedLast;

    /// <summary>On the native runtime.</summary>
    public PhraseGenerator(PhraseTransformerModel model, ulong seed = 0)
        : this(new NativePhraseDecoder(model ?? throw new ArgumentNullException(nameof(model))), seed)
    {
    }

    /// <summary>On any runtime; the generator owns <paramref name="decoder"/> from here on.</summary>
    public PhraseGenerator(IPhraseDecoder decoder, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        _decoder = decoder;
        Encoding = decoder.Config.CreateEncoding();
        var classes = 0;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            classes = Math.Max(classes, Encoding.ClassCount(f));
        }

        _logits = new float[classes];
        _allowed = new bool[classes];
        _sampler = new FieldSampler(classes, seed);
        Reset();
    }

    /// <summary>The runtime the steps run on.</summary>
    public IPhraseDecoder Decoder => _decoder;

    public PhraseEncoding Encoding { get; }

    /// <summary>Events fed so far (observed and sampled).</summary>
    public long Position => _decoder.Position;

    /// <summary>Seconds from the first event to the last one fed (decoded times for sampled events).</summary>
    public double Time => _time;

    public bool PedalDown => _pedalDown;

    /// <summary>The position <see cref="Rollback"/> returns to.</summary>
    public long MarkedPosition => _markedPosition;

    /// <summary>Style of the events fed from now on (see <see cref="IPhraseDecoder.Style"/>); kept across <see cref="Reset"/>.</summary>
    public int Style
    {
        get => _decoder.Style;
        set => _decoder.Style = value;
    }

    /// <summary>Forgets the context (new piece); with a seed, also restarts the random sequence.</summary>
    public void Reset(ulong? seed = null)
    {
        _decoder.Reset();
        Array.Fill(_heldUntil, double.NegativeInfinity);
        _time = 0;
        _pedalDown = false;
        Mark();
        if (seed is { } s)
        {
            _sampler.Reseed(s);
        }
    }

    /// <summary>Feeds a played (or otherwise known) event into the cache.</summary>
    public void Observe(in PhraseEvent e)
    {
        var token = Encoding.Encode(e);
        _decoder.Observe(token);
        _last = token;
        Track(e);
    }

    /// <summary>Remembers the context as it stands now (what was played): <see cref="Rollback"/> returns here.</summary>
    public void Mark()
    {
        _markedPosition = _decoder.Position;
        _markedTime = _time;
        _markedPedalDown = _pedalDown;
        _markedLast = _last;
        _heldUntil.AsSpan().CopyTo(_markedHeldUntil);
    }

    /// <summary>
    /// Forgets every event fed since <see cref="Mark"/>: the caches are truncated to the marked position and the
    /// last marked event is fed again (one step) so the hidden state predicts from it; clock, held notes and pedal
    /// are restored. Nothing to do when nothing was fed since. The sampler's random sequence is not rewound.
    /// </summary>
    public void Rollback()
    {
        if (_decoder.Position == _markedPosition)
        {
            return;
        }

        if (_markedPosition == 0)
        {
            _decoder.Reset();
        }
        else
        {
            _decoder.Truncate(_markedPosition - 1);
            _decoder.Observe(_markedLast);
        }

        _last = _markedLast;
        _time = _markedTime;
        _pedalDown = _markedPedalDown;
        _markedHeldUntil.AsSpan().CopyTo(_heldUntil);
    }

    /// <summary>Draws the next event under <paramref name="settings"/>, feeds it into the cache and returns it.</summary>
    public PhraseEvent SampleNext(PhraseSamplingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_decoder.Position == 0)
        {
            throw new InvalidOperationException("phrase generator: observe at least one event before sampling (the model predicts from context)");
        }

        _decoder.BeginFields();
        var shift = Draw(PhraseField.Shift, settings, Encoding.Shift.Count);
        var when = _time + Encoding.Shift.Decode(shift);

        var held = 0;
        foreach (var until in _heldUntil)
        {
            held += until > when ? 1 : 0;
        }

        var lowest = Math.Max(settings.LowestPitch, Encoding.LowestPitch);
        var highest = Math.Min(settings.HighestPitch, Encoding.HighestPitch);
        var anyPitch = false;
        var pitchAllowed = _allowed.AsSpan(0, Encoding.PitchCount);
        for (var i = 0; i < pitchAllowed.Length; i++)
        {
            var p = i + Encoding.LowestPitch;
            pitchAllowed[i] = p >= lowest && p <= highest && _heldUntil[p] <= when;
            anyPitch |= pitchAllowed[i];
        }

        // The kind mask lives on the stack: _allowed still holds the pitch mask for the draw after it.
        Span<bool> kinds = [anyPitch && held < settings.MaxPolyphony, !_pedalDown, _pedalDown];
        var kind = Draw(PhraseField.Kind, settings, 3, kinds);
        PhraseToken token;
        if (kind != (int)PhraseEventKind.Note)
        {
            token = new PhraseToken(shift, kind, PhraseToken.None, PhraseToken.None, PhraseToken.None);
        }
        else
        {
            var pitch = Draw(PhraseField.Pitch, settings, Encoding.PitchCount, _allowed.AsSpan(0, Encoding.PitchCount));
            var duration = Draw(PhraseField.Duration, settings, Encoding.Duration.Count);
            var velocity = Draw(PhraseField.Velocity, settings, Encoding.VelocityBins);
            token = new PhraseToken(shift, kind, pitch, duration, velocity);
        }

        var e = Encoding.Decode(token);
        _decoder.Observe(token);
        _last = token;
        Track(e);
        return e;
    }

    private int Draw(PhraseField field, PhraseSamplingSettings settings, int classes, ReadOnlySpan<bool> allowed = default)
    {
        var logits = _logits.AsSpan(0, classes);
        _decoder.FieldLogits(field, logits);
        ReadOnlySpan<bool> mask;
        if (allowed.IsEmpty)
        {
            _allowed.AsSpan(0, classes).Fill(true);
            mask = _allowed.AsSpan(0, classes);
        }
        else
        {
            mask = allowed;
        }

        var value = _sampler.Sample(logits, mask, settings.Temperature(field), settings.TopP(field));
        if (value < 0)
        {
            throw new InvalidOperationException($"phrase generator: no allowed value for {field}");
        }

        _decoder.ChooseField(field, value);
        return value;
    }

    private void Track(in PhraseEvent e)
    {
        _time += Math.Max(0, e.TimeShift);
        switch (e.Kind)
        {
            case PhraseEventKind.Note when e.Pitch is >= 0 and < 128:
                _heldUntil[e.Pitch] = Math.Max(_heldUntil[e.Pitch], _time + e.Duration);
                break;
            case PhraseEventKind.PedalDown:
                _pedalDown = true;
                break;
            case PhraseEventKind.PedalUp:
                _pedalDown = false;
                break;
        }
    }
}
