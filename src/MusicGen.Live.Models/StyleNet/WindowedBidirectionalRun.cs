using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The whole-file model's Bi-LSTM run so that each note's velocity reads nothing beyond its look-ahead: onsets before
/// <c>onset_i + L</c> and at most <see cref="NoteFeatures.MaxWindowNotes"/> later notes (the same bound as the streaming
/// model's feature window). This is the "bidirectional over a bounded look-ahead".
/// <para>How, per layer (bottom up), for note i with window end e_i:</para>
/// <list type="bullet">
/// <item>The forward direction runs over the file as a stream: its input at note j is what that layer below gave note j
/// within j's own window, which lies within i's for every j ≤ i, so it is shared by all later notes.</item>
/// <item>Over i's window, both directions run again as i's own sequence: the forward one resumes from its state at i, and the
/// backward one starts from zero at e_i, as it starts at the end of a training chunk. A later note j of the window is seen
/// as it is at the bound: its features are written with the look-ahead left to it, <c>onset_i + L − onset_j</c>, so its
/// duration counts as known only if it ended before the bound.</item>
/// </list>
/// The windows of a block of notes run as one batch, each stored reversed for the backward direction so that all start
/// aligned. The cost is about three LSTM steps per window note per note. Files run blocks of <see cref="FileBlock"/> notes
/// (<see cref="Run"/>); the live stream (<see cref="WindowedBidirectionalStep"/>) runs one note at a time as its look-ahead
/// passes (<see cref="RunNote"/>), carrying the stream's state between calls, so both paths are this one code. A batch's
/// matrix kernels may sum in another order than a single row's, so the two agree to float rounding, not to the bit.
/// Threading: one thread at a time (it owns its scratch); scratch is sized at construction, so <see cref="RunNote"/> does not allocate.
/// </summary>
internal sealed class WindowedBidirectionalRun
{
    /// <summary>Notes per batch on the file path.</summary>
    public const int FileBlock = 64;

    private readonly int _block;
    private readonly int[] _widths; // (block) per note of the block: its window's later notes, e_i − i
    private readonly float[] _feature = new float[NoteFeatures.Size];
    private readonly NoteStyleNetLayers _layers;
    private readonly int _hidden;
    private readonly int _input;
    private readonly int _maxSteps = NoteFeatures.MaxWindowNotes + 1;

    // Per block, per layer: the stream's h and c at each note [block, hidden], the window's forward outputs
    // [block, steps, hidden] (step s−1 = note i+s) and backward outputs [block, steps, hidden] (step t = note e_i − t),
    // the layer below's (prev*) and this one's (cur*).
    private float[] _streamH;
    private float[] _streamC;
    private float[] _prevStreamH;
    private float[] _curFw;
    private float[] _prevFw;
    private float[] _curBw;
    private float[] _prevBw;
    private readonly float[] _carryH;
    private readonly float[] _carryC;
    private readonly float[] _in;
    private readonly float[] _gates;
    private readonly float[] _h;
    private readonly float[] _c;
    private readonly float[] _windowFeatures;

    public WindowedBidirectionalRun(NoteStyleNetLayers layers, int input, int block = FileBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block, 1);
        _block = block;
        _widths = new int[block];
        _layers = layers;
        _hidden = layers.Lstm.Config.HiddenSize;
        _input = input;
        var big = block * _maxSteps * _hidden;
        _streamH = new float[block * _hidden];
        _streamC = new float[block * _hidden];
        _prevStreamH = new float[block * _hidden];
        _curFw = new float[big];
        _prevFw = new float[big];
        _curBw = new float[big];
        _prevBw = new float[big];
        _carryH = new float[layers.Lstm.Config.NumLayers * _hidden];
        _carryC = new float[layers.Lstm.Config.NumLayers * _hidden];
        _in = new float[block * _maxSteps * Math.Max(input, 2 * _hidden)];
        _gates = new float[block * _maxSteps * 4 * _hidden];
        _h = new float[block * _hidden];
        _c = new float[block * _hidden];
        _windowFeatures = new float[block * _maxSteps * input];
    }

    /// <summary>Top-layer outputs [count, 2·hidden] (forward half first), each note's within its look-ahead.</summary>
    public void Run(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> top)
    {
        var count = notes.Length;
        var la = Lookahead.FromSeconds(lookaheadSeconds).Seconds;
        Reset();
        for (int i0 = 0, e = 0; i0 < count; i0 += _block)
        {
            var b = Math.Min(_block, count - i0);
            for (var q = 0; q < b; q++)
            {
                e = WindowEnd(notes, i0 + q, e, la);
                _widths[q] = e - (i0 + q);
            }

            RunBlock(notes, i0, b, la, style, top.Slice(i0 * 2 * _hidden, b * 2 * _hidden));
        }
    }

    /// <summary>Back to the start of a piece: the stream's state cleared.</summary>
    public void Reset()
    {
        Array.Clear(_carryH);
        Array.Clear(_carryC);
    }

    /// <summary>
    /// Note <paramref name="index"/>'s top-layer output [2·hidden], the notes before it having been run (in order, by this
    /// method or <see cref="Run"/>) since <see cref="Reset"/>. <paramref name="notes"/> holds the note's history and every
    /// later note known so far; its window is those of them within its look-ahead.
    /// </summary>
    public void RunNote(ReadOnlySpan<StyleNetNote> notes, int index, Lookahead lookahead, StyleNetStyle style, Span<float> top)
    {
        _widths[0] = WindowEnd(notes, index, index, lookahead.Seconds) - index;
        RunBlock(notes, index, 1, lookahead.Seconds, style, top);
    }

    /// <summary>
    /// The last note of note <paramref name="i"/>'s window: later notes whose onsets lie within the look-ahead
    /// (<see cref="Lookahead.Contains"/>), at most <see cref="NoteFeatures.MaxWindowNotes"/>; the search starts at
    /// <paramref name="from"/> (a window end of an earlier note, or <paramref name="i"/>), as the ends never decrease.
    /// </summary>
    private static int WindowEnd(ReadOnlySpan<StyleNetNote> notes, int i, int from, float la)
    {
        var e = Math.Max(from, i);
        while (e + 1 < notes.Length && e + 1 - i <= NoteFeatures.MaxWindowNotes && notes[e + 1].OnsetSeconds - notes[i].OnsetSeconds < la)
        {
            e++;
        }

        return e;
    }

    // Notes i0 .. i0+b−1 (window widths in _widths): each one's own features (its own window lies within the bound of every
    // later note), then its window's notes as they stand at its bound; then the layers.
    private void RunBlock(ReadOnlySpan<StyleNetNote> notes, int i0, int b, float la, StyleNetStyle style, Span<float> top)
    {
        var steps = 1;
        for (var q = 0; q < b; q++)
        {
            steps = Math.Max(steps, _widths[q] + 1);
        }

        _windowFeatures.AsSpan(0, b * steps * _input).Clear();
        var f = _feature.AsSpan();
        for (var q = 0; q < b; q++)
        {
            var i = i0 + q;
            var bound = notes[i].OnsetSeconds + la;
            var visible = notes[..(i + _widths[q] + 1)];
            for (var j = i; j < visible.Length; j++)
            {
                var left = j == i ? la : (float)(bound - notes[j].OnsetSeconds);
                NoteFeatures.Write(visible, j, left, style, f);
                f[.._input].CopyTo(_windowFeatures.AsSpan(((q * steps) + (j - i)) * _input, _input));
            }
        }

        RunLayers(b, steps, top);
    }

    private void RunLayers(int b, int steps, Span<float> top)
    {
        var lstm = _layers.Lstm;
        var layers = lstm.Config.NumLayers;
        var hd = _hidden;
        for (var k = 0; k < layers; k++)
        {
            var inK = lstm.Config.LayerInputSize(k);
            var x = _in.AsSpan(0, b * steps * inK);

            // The stream: note i's input is the layer below's output for i within i's own window (its step 0).
            for (var q = 0; q < b; q++)
            {
                var row = x.Slice(q * inK, inK);
                if (k == 0)
                {
                    _windowFeatures.AsSpan(q * steps * _input, _input).CopyTo(row);
                }
                else
                {
                    _prevStreamH.AsSpan(q * hd, hd).CopyTo(row);
                    _prevBw.AsSpan(((q * steps) + _widths[q]) * hd, hd).CopyTo(row[hd..]);
                }
            }

            var carryH = _carryH.AsSpan(k * hd, hd);
            var carryC = _carryC.AsSpan(k * hd, hd);
            LstmDirection.Run(lstm, 2 * k, x, 1, b, carryH, carryC, _streamH, hd, reverse: false, _streamC, _gates, _h, _c);
            _streamH.AsSpan((b - 1) * hd, hd).CopyTo(carryH);
            _streamC.AsSpan((b - 1) * hd, hd).CopyTo(carryC);

            // The window's forward pass from the stream's state at i (not needed at the top: the head reads i's own step).
            if (k < layers - 1 && steps > 1)
            {
                x = _in.AsSpan(0, b * (steps - 1) * inK);
                x.Clear();
                for (var q = 0; q < b; q++)
                {
                    var w = _widths[q];
                    for (var s = 1; s <= w; s++)
                    {
                        WindowInput(k, q, s, w, steps, x.Slice(((q * (steps - 1)) + s - 1) * inK, inK));
                    }
                }

                LstmDirection.Run(lstm, 2 * k, x, b, steps - 1, _streamH, _streamC, _curFw, hd, reverse: false, default, _gates, _h, _c);
            }

            // The window's backward pass from zero at e_i, the window stored reversed (step t = note e_i − t).
            x = _in.AsSpan(0, b * steps * inK);
            x.Clear();
            for (var q = 0; q < b; q++)
            {
                var w = _widths[q];
                for (var t = 0; t <= w; t++)
                {
                    WindowInput(k, q, w - t, w, steps, x.Slice(((q * steps) + t) * inK, inK));
                }
            }

            LstmDirection.Run(lstm, (2 * k) + 1, x, b, steps, default, default, _curBw, hd, reverse: false, default, _gates, _h, _c);

            (_prevStreamH, _streamH) = (_streamH, _prevStreamH);
            (_prevFw, _curFw) = (_curFw, _prevFw);
            (_prevBw, _curBw) = (_curBw, _prevBw);
        }

        // After the swap, prev* hold the top layer.
        for (var q = 0; q < b; q++)
        {
            var row = top.Slice(q * 2 * hd, 2 * hd);
            _prevStreamH.AsSpan(q * hd, hd).CopyTo(row);
            _prevBw.AsSpan(((q * steps) + _widths[q]) * hd, hd).CopyTo(row[hd..]);
        }
    }

    /// <summary>Layer k's input for note i+s of note i's window (s = 0: i itself): features at the bound, or the layer below's two directions.</summary>
    private void WindowInput(int k, int q, int s, int w, int steps, Span<float> row)
    {
        var hd = _hidden;
        if (k == 0)
        {
            _windowFeatures.AsSpan(((q * steps) + s) * _input, _input).CopyTo(row);
            return;
        }

        var forward = s == 0 ? _prevStreamH.AsSpan(q * hd, hd) : _prevFw.AsSpan(((q * (steps - 1)) + s - 1) * hd, hd);
        forward.CopyTo(row);
        _prevBw.AsSpan(((q * steps) + w - s) * hd, hd).CopyTo(row.Slice(hd, hd));
    }
}
