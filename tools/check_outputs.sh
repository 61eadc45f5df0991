#!/usr/bin/env bash
# Byte-identity check for refactors: runs `humanize` (every --model) and `continue` (fixed --seed) on two real
# files from ../shared/data with the built CLI and prints one SHA-256 per output. With a file of hashes made by
# the previous build (`tools/check_outputs.sh > before.sha256`), `tools/check_outputs.sh before.sha256` compares
# and exits non-zero on any difference.
#   MUSICGEN=path/to/musicgen.dll overrides the build to run (default: the Release build in this tree).
set -euo pipefail
cd "$(dirname "$0")/.."
dll=${MUSICGEN:-src/MusicGen.Live.Cli/bin/Release/net10.0/musicgen.dll}
data=../shared/data
files=("$data/pianomidide/midis/Haydn/haydn_8_4.mid" "$data/pop909/POP909/472/472.mid")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in "${files[@]}"; do
  name=$(basename "$f" .mid)
  for model in ensemble large offline note "${SEED_MODEL_NAME:-article}"; do
    dotnet "$dll" humanize "$f" "$out/$name.humanize.$model.mid" --model "$model" >/dev/null
  done
  dotnet "$dll" humanize "$f" "$out/$name.humanize.note-causal.mid" --model note --lookahead-ms 0 >/dev/null
  dotnet "$dll" continue "$f" "$out/$name.continue.mid" --seed 7 --events 48 >/dev/null
done
# Model names changed once (seed -> article); hash lines use the current name so old and new lists compare.
(cd "$out" && sha256sum -- *.mid | sed 's/humanize\.seed\.mid/humanize.article.mid/' | sort -k2) > "$out/now.sha256"
if [ $# -ge 1 ]; then
  if diff "$1" "$out/now.sha256"; then echo "check_outputs: all $(wc -l <"$out/now.sha256") outputs byte-identical"
  else echo "check_outputs: outputs differ" >&2; exit 1; fi
else
  cat "$out/now.sha256"
fi
