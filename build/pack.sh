#!/usr/bin/env bash
# Packs the library and the command-line tool into a folder (default: artifacts/packages), checks that every package
# stays under nuget.org's 250 MB limit, installs the tool from that folder into a scratch tool path, and runs its first
# command on the bundled sample. PACK_VERSION overrides the projects' version (CI gives each run its own, so that no
# cached or published package of the same version can stand in for the one just packed). Run by .ci/run;
# docs/packages.md explains the layout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-artifacts/packages}
if [[ -e $out && ! -d $out ]]; then
  echo "error: '$out' is not a folder" >&2
  exit 2
fi
mkdir -p "$out"
rm -f "$out"/*.nupkg   # only packages: the folder may be one the caller uses for other things

version=${PACK_VERSION:-$(sed -nE 's:.*<Version>(.*)</Version>.*:\1:p' src/MLNetAnomaly.Cli/MLNetAnomaly.Cli.csproj | head -n 1)}
dotnet pack src/MLNetAnomaly -c Release -o "$out" -p:Version="$version" -nologo -v minimal
dotnet pack src/MLNetAnomaly.Orleans -c Release -o "$out" -p:Version="$version" -nologo -v minimal
# One tool package per platform (linux-x64, win-x64, osx-arm64), each with only its own libtorch, and a pointer package.
dotnet pack src/MLNetAnomaly.Cli -c Release -p:ToolPlatforms=true -p:Version="$version" -o "$out" -nologo -v minimal

limit=$((250 * 1000 * 1000))
status=0
for package in "$out"/*.nupkg; do
  size=$(stat -c %s "$package")
  printf 'package: %-55s %6d.%d MB\n' "$(basename "$package")" $((size / 1000000)) $(((size % 1000000) / 100000))
  if (( size >= limit )); then
    echo "error: $(basename "$package") is over nuget.org's 250 MB limit" >&2
    status=1
  fi
done
(( status == 0 )) || exit "$status"

# The apphost of a framework-dependent tool finds .NET through DOTNET_ROOT when .NET is not installed system-wide.
export DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
tools=$(mktemp -d)
scratch=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$tools" "$scratch" "$cache"' EXIT
NUGET_PACKAGES=$cache dotnet tool install MLNetAnomaly.Cli --version "$version" --tool-path "$tools" --add-source "$out"
(cd "$scratch" && "$tools/mlnet-anomaly" detect "$root/samples/data/nyc_taxi.csv")   # the README's first command
test -s "$scratch/nyc_taxi.scores.csv"
echo "tool: $version installed from $out and ran detect ($(($(wc -l < "$scratch/nyc_taxi.scores.csv") - 1)) scores)"
