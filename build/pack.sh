#!/usr/bin/env bash
# Packs the library and the command-line tool into a folder (default: artifacts/packages), checks that every package
# stays under nuget.org's 250 MB limit, installs the tool from that folder into a scratch tool path, and runs its first
# command on the bundled sample. Run by .ci/run; docs/packages.md explains the layout.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/packages}
rm -rf "$out"
mkdir -p "$out"

dotnet pack src/MLNetAnomaly -c Release -o "$out" -nologo -v minimal
# One tool package per platform (linux-x64, win-x64, osx-arm64), each with only its own libtorch, and a pointer package.
dotnet pack src/MLNetAnomaly.Cli -c Release -p:ToolPlatforms=true -o "$out" -nologo -v minimal

limit=$((250 * 1000 * 1000))
status=0
for package in "$out"/*.nupkg; do
  size=$(stat -c %s "$package")
  awk -v name="$(basename "$package")" -v size="$size" 'BEGIN { printf "package: %-45s %8.1f MB\n", name, size / 1000000 }'
  if (( size >= limit )); then
    echo "error: $(basename "$package") is over nuget.org's 250 MB limit" >&2
    status=1
  fi
done
(( status == 0 )) || exit "$status"

root=$(pwd)
version=$(sed -nE 's:.*<Version>(.*)</Version>.*:\1:p' src/MLNetAnomaly.Cli/MLNetAnomaly.Cli.csproj | head -n 1)
tools=$(mktemp -d)
scratch=$(mktemp -d)
dotnet tool install MLNetAnomaly.Cli --version "$version" --tool-path "$tools" --add-source "$out"
(cd "$scratch" && "$tools/mlnet-anomaly" detect "$root/samples/data/nyc_taxi.csv")   # the README's first command
test -s "$scratch/nyc_taxi.scores.csv"
echo "tool: installed from $out and ran detect ($(($(wc -l < "$scratch/nyc_taxi.scores.csv") - 1)) scores)"
rm -rf "$tools" "$scratch"
