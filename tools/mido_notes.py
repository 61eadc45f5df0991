#!/usr/bin/python3
"""Dump the notes of every MIDI file under a folder, parsed by mido, for the C# conformance test.

Usage: /usr/bin/python3 tools/mido_notes.py DATA_DIR OUT_FILE [--jobs N]

mido parses the files; mido does not pair notes or build a tempo map, so this script does both the way
MusicGen.Live documents it (NoteSettings): per track and (channel, pitch), first in first out; a note-on with
velocity 0 is an off; notes still sounding end at the track's last tick; tempo events of every track apply to all
tracks (format 0/1), per track in format 2; default tempo 500000 us/quarter. No sustain extension.

Output (little-endian binary, one file for the whole data set):
  b"MIDONOTES1", uint32 file count, then per file in sorted relative-path order:
  uint16 path length, path (UTF-8, relative to DATA_DIR, '/' separators), uint8 ok (1) or error (0),
  if error: uint16 length + message; else uint32 note count and per note
  int16 track, uint8 channel, uint8 pitch, uint8 velocity, float64 onset_s, float64 offset_s,
  notes ordered by track, then by note-on order.
"""
import collections
import multiprocessing
import os
import struct
import sys

import mido

NOTE = struct.Struct('<hBBBdd')


def tempo_segments(events, ppq):
    """events: list of (tick, order, tempo). Returns sorted [(tick, start_seconds, tempo)]."""
    events = sorted(events)
    segs = [(0, 0.0, 500000)]
    for tick, _, tempo in events:
        t0, s0, tp0 = segs[-1]
        start = s0 + (tick - t0) * tp0 / (ppq * 1e6)
        if tick == t0:
            segs[-1] = (t0, s0, tempo)
        else:
            segs.append((tick, start, tempo))
    return segs


def to_seconds(segs, ticks_list, ppq):
    import bisect
    starts = [s[0] for s in segs]
    out = []
    for tick in ticks_list:
        i = bisect.bisect_right(starts, tick) - 1
        t0, s0, tp = segs[i]
        out.append(s0 + (tick - t0) * tp / (ppq * 1e6))
    return out


def notes_of(path):
    mid = mido.MidiFile(path)
    ppq = mid.ticks_per_beat
    notes = []  # [track, channel, pitch, velocity, on_tick, off_tick]
    tempos = []  # (tick, order, tempo, track)
    order = 0
    for ti, track in enumerate(mid.tracks):
        tick = 0
        open_notes = collections.defaultdict(collections.deque)
        for msg in track:
            tick += msg.time
            if msg.type == 'note_on' and msg.velocity > 0:
                note = [ti, msg.channel, msg.note, msg.velocity, tick, None]
                notes.append(note)
                open_notes[(msg.channel, msg.note)].append(note)
            elif msg.type == 'note_off' or (msg.type == 'note_on' and msg.velocity == 0):
                q = open_notes.get((msg.channel, msg.note))
                if q:
                    q.popleft()[5] = tick
            elif msg.type == 'set_tempo':
                tempos.append((tick, order, msg.tempo, ti))
                order += 1
        for q in open_notes.values():
            for note in q:
                note[5] = tick
    out = []
    if mid.type == 2:
        by_track = {}
        for n in notes:
            by_track.setdefault(n[0], []).append(n)
        for ti, ns in by_track.items():
            segs = tempo_segments([(t, o, tp) for t, o, tp, tr in tempos if tr == ti], ppq)
            on = to_seconds(segs, [n[4] for n in ns], ppq)
            off = to_seconds(segs, [n[5] for n in ns], ppq)
            out += [(n[0], n[1], n[2], n[3], a, b) for n, a, b in zip(ns, on, off)]
    else:
        segs = tempo_segments([(t, o, tp) for t, o, tp, tr in tempos], ppq)
        on = to_seconds(segs, [n[4] for n in notes], ppq)
        off = to_seconds(segs, [n[5] for n in notes], ppq)
        out = [(n[0], n[1], n[2], n[3], a, b) for n, a, b in zip(notes, on, off)]
    return out


def work(args):
    root, rel = args
    try:
        notes = notes_of(os.path.join(root, rel))
    except Exception as e:  # a file mido cannot read is reported, not fatal
        msg = ('%s: %s' % (type(e).__name__, e)).encode('utf-8')[:60000]
        return rel, None, msg
    return rel, b''.join(NOTE.pack(*n) for n in notes), len(notes)


def main():
    root, out_path = sys.argv[1], sys.argv[2]
    jobs = int(sys.argv[sys.argv.index('--jobs') + 1]) if '--jobs' in sys.argv else os.cpu_count()
    files = []
    # Links are not followed (as the C# MidiDataSet): a link back up the tree would list every file again below it.
    for d, _, names in os.walk(root):
        for name in names:
            if name.lower().endswith(('.mid', '.midi')):
                files.append(os.path.relpath(os.path.join(d, name), root).replace(os.sep, '/'))
    files.sort()
    tmp = out_path + '.tmp'
    with open(tmp, 'wb') as out, multiprocessing.Pool(jobs) as pool:
        out.write(b'MIDONOTES1' + struct.pack('<I', len(files)))
        for rel, blob, extra in pool.imap(work, [(root, f) for f in files], chunksize=8):
            p = rel.encode('utf-8')
            out.write(struct.pack('<H', len(p)) + p)
            if blob is None:
                out.write(struct.pack('<BH', 0, len(extra)) + extra)
            else:
                out.write(struct.pack('<BI', 1, extra) + blob)
    os.replace(tmp, out_path)


if __name__ == '__main__':
    main()
