#!/usr/bin/env bash
# Builds tools/decode_ref/decode_ref.c three times (gcc -Ofast -march=native; the same without AVX-512; the same
# without AVX, i.e. 128-bit SSE as the ARM64/NEON stand-in) and runs each: the same-machine C yardstick for
# `./run.sh bench decode` at each SIMD width. Arguments go to decode_ref (e.g. --steps 400).
# Binaries land in artifacts/decode_ref (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=artifacts/decode_ref
mkdir -p "$out"
cc=${CC:-gcc}
"$cc" -Ofast -march=native -o "$out/decode_ref" tools/decode_ref/decode_ref.c -lm
"$cc" -Ofast -march=native -mno-avx512f -o "$out/decode_ref_avx2" tools/decode_ref/decode_ref.c -lm
"$cc" -Ofast -march=native -mno-avx -o "$out/decode_ref_sse" tools/decode_ref/decode_ref.c -lm
echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') compiler=$("$cc" --version | head -1)"
echo "== gcc -Ofast -march=native"
"$out/decode_ref" "$@"
echo "== gcc -Ofast -march=native -mno-avx512f"
"$out/decode_ref_avx2" "$@"
echo "== gcc -Ofast -march=native -mno-avx"
"$out/decode_ref_sse" "$@"
