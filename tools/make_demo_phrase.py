#!/usr/bin/env python3
"""Writes configs/demo/phrase.mid: the demo's input, hand-written from Beethoven's "Ode to Joy" theme (public domain).

Two phrases at 140 bpm with a two-bar rest between them, every velocity a flat 80 (so the output's shaped
velocities visibly come from the velocity stage, not the input). Regenerate with: python3 tools/make_demo_phrase.py
"""
import pathlib
import mido

PPQ = 480
TEMPO = mido.bpm2tempo(140)
VELOCITY = 80

# (beat, pitch, length in beats)
PHRASE_1 = [(0, 64, 1), (1, 64, 1), (2, 65, 1), (3, 67, 1), (4, 67, 1), (5, 65, 1), (6, 64, 1), (7, 62, 1)]
PHRASE_2 = [(16, 60, 1), (17, 60, 1), (18, 62, 1), (19, 64, 1), (20, 64, 1.5), (21.5, 62, 0.5), (22, 62, 2)]


def main() -> None:
    events = []
    for beat, pitch, length in PHRASE_1 + PHRASE_2:
        on = round(beat * PPQ)
        off = round((beat + length * 0.9) * PPQ)
        events.append((on, 1, mido.Message("note_on", note=pitch, velocity=VELOCITY)))
        events.append((off, 0, mido.Message("note_off", note=pitch, velocity=0)))
    events.sort(key=lambda e: (e[0], e[1]))

    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name="Ode to Joy (Beethoven), two phrases with a rest", time=0))
    track.append(mido.MetaMessage("set_tempo", tempo=TEMPO, time=0))
    now = 0
    for tick, _, message in events:
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=PPQ))

    out = pathlib.Path(__file__).resolve().parent.parent / "configs" / "demo" / "phrase.mid"
    midi = mido.MidiFile(ticks_per_beat=PPQ)
    midi.tracks.append(track)
    midi.save(out)
    print(out)


if __name__ == "__main__":
    main()
