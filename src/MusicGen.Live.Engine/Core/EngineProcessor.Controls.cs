using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Core;

/// <summary>Live control by CC (<see cref="ControlMap"/>). Engine thread only; changes apply from the next event.</summary>
public sealed partial class EngineProcessor
{
    /// <summary>Handles a control change; true when it was a control (consumed, not forwarded).</summary>
    private bool Control(in EngineEvent e)
    {
        int cc = e.Data1, value = e.Data2;
        var map = _options.Controls;
        if (cc == map.Panic || cc is 120 or 123)
        {
            Panic(e.Time);
            return true;
        }

        if (cc == _options.Continuation.TriggerController)
        {
            if (value >= 64)
            {
                _continuation.Trigger(e.Time);
            }

            return true;
        }

        if (cc == map.ContinuationMode)
        {
            _continuation.SetMode((ContinuationMode)Third(value), e.Time);
        }
        else if (cc == map.HumanizeMode)
        {
            HumanizeMode = (HumanizeMode)Third(value);
        }
        else if (cc == map.HumanizeAmount)
        {
            HumanizeAmount = value / 127.0;
        }
        else if (cc == map.ContinuationStyle)
        {
            Sampling = Sampling with { Style = Third(value) switch { 0 => null, 1 => StyleNetStyle.Classical, _ => StyleNetStyle.Pop } };
        }
        else if (cc == map.HumanizeExpression)
        {
            if (_velocity is StyleNetVelocityStage styleNet)
            {
                styleNet.Expression = VelocityExpression.Max * value / 127f;
            }
        }
        else if (!SamplingControl(cc, value))
        {
            return false;
        }

        return true;
    }

    private bool SamplingControl(int cc, int value)
    {
        var map = _options.Controls;
        var s = Sampling;
        var temperature = new FieldSampling(0.05f + (1.95f * value / 127f), 0);
        var topP = 0.05f + (0.95f * value / 127f);
        if (cc == map.TimeTemperature)
        {
            s = s with { Time = s.Time with { Temperature = temperature.Temperature } };
        }
        else if (cc == map.TimeTopP)
        {
            s = s with { Time = s.Time with { TopP = topP } };
        }
        else if (cc == map.PitchTemperature)
        {
            s = s with { Pitch = s.Pitch with { Temperature = temperature.Temperature } };
        }
        else if (cc == map.PitchTopP)
        {
            s = s with { Pitch = s.Pitch with { TopP = topP } };
        }
        else if (cc == map.DurationTemperature)
        {
            s = s with { Duration = s.Duration with { Temperature = temperature.Temperature } };
        }
        else if (cc == map.DurationTopP)
        {
            s = s with { Duration = s.Duration with { TopP = topP } };
        }
        else if (cc == map.VelocityTemperature)
        {
            s = s with { Velocity = s.Velocity with { Temperature = temperature.Temperature } };
        }
        else if (cc == map.VelocityTopP)
        {
            s = s with { Velocity = s.Velocity with { TopP = topP } };
        }
        else
        {
            return false;
        }

        Sampling = s;
        return true;
    }

    /// <summary>0–42 → 0, 43–85 → 1, 86–127 → 2.</summary>
    private static int Third(int value) => Math.Min(2, value / 43);
}
