#!/usr/bin/env bash
# MusicGen.Live, Linux entry point. Thin on purpose: install what is missing, build, hand over to C#.
#   ./run.sh demo        the main job (private JACK dummy server, virtual ports, a shipped phrase)
#   ./run.sh test        every test, then the kernel tests under AVX2, 128-bit SIMD and none
#   ./run.sh VERB ...    any musicgen verb (./run.sh --help lists them)
set -euo pipefail
cd "$(dirname "$0")"

# Debian/Ubuntu packages the project uses at run and test time. python3-torch is only for tools/
# (regenerating golden files, the PyTorch side of bench train) and is installed with OpenBLAS by ./run.sh tools-deps.
APT_PACKAGES=(jackd2 librtmidi-dev python3-mido python3-rtmidi fluidsynth fluid-soundfont-gm)

install_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: please install: ${missing[*]} (no apt-get here)" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "run.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET 10 SDK is missing. Install it from https://dotnet.microsoft.com/download/dotnet/10.0" >&2
  echo "        (Debian/Ubuntu: https://learn.microsoft.com/dotnet/core/install/linux), then run this again." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "${1:-}" in
  test)
    shift
    install_packages "${APT_PACKAGES[@]}"
    # A jackd killed with SIGKILL never frees its slot in JACK's shared registry (8 slots per machine);
    # with no JACK server running, clear what dead ones left so the tests' private servers can start.
    if ! pgrep -x jackd >/dev/null 2>&1 && ! pgrep -x jackdbus >/dev/null 2>&1; then
      rm -f /dev/shm/jack-shm-registry /dev/shm/jack_sem.* /dev/shm/jack_db-* 2>/dev/null || true
    fi
    dotnet test MusicGen.Live.sln -c Release "$@"
    # The kernel tests again with the JIT held to narrower SIMD: AVX2 (no AVX-512, most x86 machines), 128-bit
    # without FMA (SSE: x86 without AVX), 128-bit with FMA (Vector256 not accelerated, AVX and FMA on: the ARM64/NEON
    # case) and none. The tests force each width themselves too, but only the environment reaches TensorPrimitives
    # and the fused multiply-adds. (.NET 10 names: DOTNET_EnableAVX512F is no longer read.) With them the precision
    # tests of both models: the engine picks its decode and LSTM precisions per CPU (integer kernels on x86, bf16
    # elsewhere), so each width's own choice is held to float there. A plain `./run.sh test` only; about a minute.
    if [ $# -eq 0 ]; then
      for flag in DOTNET_EnableAVX512=0 DOTNET_EnableAVX=0 DOTNET_PreferredVectorBitWidth=128 DOTNET_EnableHWIntrinsic=0; do
        echo "run.sh: kernel and precision tests with $flag" >&2
        env "$flag" dotnet test tests/MusicGen.Live.Tensors.Tests -c Release --no-build \
          --filter "FullyQualifiedName~MusicGen.Live.Tensors.Tests.Kernels"
        env "$flag" dotnet test tests/MusicGen.Live.Models.Tests -c Release --no-build \
          --filter "FullyQualifiedName~Precision|FullyQualifiedName~PhraseRollbackTests"
        env "$flag" dotnet test tests/MusicGen.Live.Engine.Tests -c Release --no-build \
          --filter "FullyQualifiedName~EngineStyleNetPrecisionTests|FullyQualifiedName~PhraseTransformerGenerator"
      done
    fi
    ;;
  tools-deps)
    install_packages "${APT_PACKAGES[@]}" python3-torch python3-onnx libopenblas0-pthread
    ;;
  build-gpu)
    # The CUDA build: ONNX Runtime's GPU package instead of the CPU one (never both), in artifacts/gpu so the
    # CPU build's restore is untouched. Needs CUDA 13 and cuDNN 9 at run time; --device cuda names what is missing.
    shift
    dotnet build src/MusicGen.Live.Cli/MusicGen.Live.Cli.csproj -c Release -nologo -p:OnnxRuntimeGpu=true --artifacts-path artifacts/gpu "$@"
    echo "run it: dotnet artifacts/gpu/bin/MusicGen.Live.Cli/release/musicgen.dll VERB ... --runtime onnx --device cuda"
    ;;
  *)
    install_packages "${APT_PACKAGES[@]}"
    # Quiet on success; on failure show the build log so the reason is visible.
    log=$(mktemp)
    if ! dotnet build src/MusicGen.Live.Cli/MusicGen.Live.Cli.csproj -c Release -nologo >"$log" 2>&1; then
      grep -E "error|Error" "$log" >&2 || cat "$log" >&2
      rm -f "$log"; exit 1
    fi
    rm -f "$log"
    exec dotnet src/MusicGen.Live.Cli/bin/Release/net10.0/musicgen.dll "$@"
    ;;
esac
