# MusicGen.Live, Windows entry point. Thin on purpose: check the SDK, build, hand over to C#.
#   .\run.ps1 demo        the main job
#   .\run.ps1 test        every test
#   .\run.ps1 VERB ...    any musicgen verb (.\run.ps1 --help lists them)
# Ports on Windows: '--backend winmm --in DEVICE --out DEVICE' (through NAudio, nothing to install), or rtmidi.dll on
# PATH for '--backend rtmidi'. '.\run.ps1 demo' needs neither: it runs the engine on in-process ports (no JACK).
# Set MUSICGEN_SOUNDFONT to a General MIDI .sf2 and put fluidsynth on PATH for the demo's WAV.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "run.ps1: the .NET 10 SDK is missing. Install it from https://dotnet.microsoft.com/download/dotnet/10.0 (winget install Microsoft.DotNet.SDK.10), then run this again."
    exit 1
}
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    $rest = @($args | Select-Object -Skip 1)
    dotnet test MusicGen.Live.sln -c Release @rest
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    # The kernel and precision tests again under AVX2, 128-bit SIMD without and with FMA, and no SIMD (see run.sh).
    if ($rest.Count -eq 0) {
        $widths = @(@('DOTNET_EnableAVX512', '0'), @('DOTNET_EnableAVX', '0'), @('DOTNET_PreferredVectorBitWidth', '128'), @('DOTNET_EnableHWIntrinsic', '0'))
        $runs = @(
            @('tests/MusicGen.Live.Tensors.Tests', 'FullyQualifiedName~MusicGen.Live.Tensors.Tests.Kernels'),
            @('tests/MusicGen.Live.Models.Tests', 'FullyQualifiedName~Precision|FullyQualifiedName~PhraseRollbackTests'),
            @('tests/MusicGen.Live.Engine.Tests', 'FullyQualifiedName~EngineStyleNetPrecisionTests|FullyQualifiedName~PhraseTransformerGenerator'))
        foreach ($w in $widths) {
            Set-Item -Path "env:$($w[0])" -Value $w[1]
            foreach ($r in $runs) {
                dotnet test $r[0] -c Release --no-build --filter $r[1]
                $code = $LASTEXITCODE
                if ($code -ne 0) { Remove-Item -Path "env:$($w[0])"; exit $code }
            }
            Remove-Item -Path "env:$($w[0])"
        }
    }
    exit 0
}

$log = dotnet build src/MusicGen.Live.Cli/MusicGen.Live.Cli.csproj -c Release -nologo 2>&1
if ($LASTEXITCODE -ne 0) { $log | Write-Host; exit $LASTEXITCODE }
dotnet src/MusicGen.Live.Cli/bin/Release/net10.0/musicgen.dll @args
exit $LASTEXITCODE
