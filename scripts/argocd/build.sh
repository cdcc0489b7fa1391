#!/usr/bin/env bash
# Builds a real Argo CD (the one multi-call binary: application controller, repo server, ...), the
# kustomize binary its repo server runs, and a small Redis server (miniredis, which Argo CD's own tests
# and `argocd --core` use) from Go modules, once per machine, into a cache outside the repository, next
# to the control plane's. No system package is needed. Only the referee tests (test/integration/argocd-*) and the
# Argo CD speed bench need them; `npm start` never does.
#
# Usage: scripts/argocd/build.sh [--print-dir | --print-redis-dir]
#   --print-dir        only print the cache directory for this set of versions and exit
#   --print-redis-dir  only print the Redis server's cache directory and exit
#
# The cache directory is keyed by the pinned versions, the helper modules' go.mod/go.sum, the Go
# version and the platform (not by this script's text: editing a message must not cost a rebuild).
# The Redis server has a cache directory of its own, keyed by its module (scripts/argocd/modules/redis),
# so adding or changing it never rebuilds Argo CD.
# A `.complete` marker is written only when everything is in place, so an interrupted build is resumed
# (binaries already present are kept) rather than trusted.
# Environment: DRIFTWATCH_CACHE (default ~/.cache/driftwatch).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
modules="$here/modules"

# One place for the versions; the helper go.mod files must agree (checked below).
ARGOCD_VERSION=v3.2.6
KUSTOMIZE_VERSION=v5.7.1
MINIREDIS_VERSION=v2.35.0

export GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

go_version=$(go env GOVERSION)
platform="$(go env GOOS)-$(go env GOARCH)"
modules_hash=$(cd "$modules" && cat argocd/go.mod argocd/go.sum kustomize/go.mod kustomize/go.sum | sha256sum | cut -c1-12)
cache_root="${DRIFTWATCH_CACHE:-$HOME/.cache/driftwatch}/argocd"
dir="$cache_root/argocd-$ARGOCD_VERSION-kustomize-$KUSTOMIZE_VERSION-$go_version-$platform-$modules_hash"
redis_hash=$(cd "$modules/redis" && cat go.mod go.sum main.go | sha256sum | cut -c1-12)
redis_dir="$cache_root/redis-miniredis-$MINIREDIS_VERSION-$go_version-$platform-$redis_hash"

case "${1:-}" in
  --print-dir) echo "$dir"; exit 0 ;;
  --print-redis-dir) echo "$redis_dir"; exit 0 ;;
esac

for pair in "argocd:github.com/argoproj/argo-cd/v3 $ARGOCD_VERSION" "kustomize:sigs.k8s.io/kustomize/kustomize/v5 $KUSTOMIZE_VERSION" "redis:github.com/alicebob/miniredis/v2 $MINIREDIS_VERSION"; do
  mod=${pair%%:*} req=${pair#*:}
  grep -qF "$req" "$modules/$mod/go.mod" || { echo "build.sh: $modules/$mod/go.mod does not require $req" >&2; exit 2; }
done

# The Redis server is the miniredis of Argo CD's own module graph (its tests run against that version).
grep -qF "github.com/alicebob/miniredis/v2 $MINIREDIS_VERSION" "$modules/argocd/go.mod" || {
  echo "build.sh: Argo CD's module graph ($modules/argocd/go.mod) does not hold miniredis $MINIREDIS_VERSION" >&2; exit 2; }

start=$(date +%s)

# build NAME MODULE_DIR PACKAGE LDFLAGS [OUT_DIR]  (OUT_DIR defaults to Argo CD's cache directory)
build() {
  local name=$1 moddir=$2 pkg=$3 ldflags=$4 out=${5:-$dir}
  mkdir -p "$out/bin"
  if [[ -x "$out/bin/$name" ]]; then
    echo "  $name: already built"
    return
  fi
  local t0; t0=$(date +%s)
  echo "  $name: building ($pkg)"
  # A heartbeat so a long compile is visibly alive.
  ( while sleep 60; do echo "  $name: still building, $(( $(date +%s) - t0 ))s (total $(( $(date +%s) - start ))s)"; done ) &
  local ticker=$!
  local rc=0
  (cd "$moddir" && go build -trimpath -ldflags "$ldflags" -o "$out/bin/$name.tmp.$$" "$pkg") || rc=$?
  kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    rm -f "$out/bin/$name.tmp.$$"
    echo "argocd: building $name failed (exit $rc)" >&2
    exit $rc
  fi
  mv "$out/bin/$name.tmp.$$" "$out/bin/$name"
  echo "  $name: done in $(( $(date +%s) - t0 ))s (total $(( $(date +%s) - start ))s)"
}

# The Redis server: seconds to build, so it is checked on every run.
if [[ ! -f "$redis_dir/.complete" ]]; then
  build redis "$modules/redis" . "-s -w" "$redis_dir"
  touch "$redis_dir/.complete"
fi

if [[ -f "$dir/.complete" ]]; then
  echo "argocd: binaries ready in $dir (redis: $redis_dir)"
  exit 0
fi

echo "argocd: building into $dir"
echo "argocd: a first build takes about 6 minutes on 2 cores; later runs reuse the cache"

# `go list -m` names a module's directory only once it is downloaded: on a fresh machine it is not yet.
(cd "$modules/argocd" && go mod download github.com/argoproj/argo-cd/v3)
argocd_src=$(cd "$modules/argocd" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-cd/v3)
if [[ -z "$argocd_src" || ! -d "$argocd_src/manifests/crds" ]]; then
  echo "argocd: the Argo CD module's sources were not found in the Go module cache (go list -m gave '$argocd_src')" >&2
  exit 1
fi
# The version Argo CD reports (`argocd version`, its logs, the Application's controller metadata).
# The module proxy does not name the tag's commit, so the version reads v3.2.6+unknown, as Argo CD
# formats a build whose commit is not known; the extra info says where it came from.
argocd_pkg=github.com/argoproj/argo-cd/v3/common
client_go=$(cd "$modules/argocd" && go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' k8s.io/client-go)
argocd_ldflags="-s -w -X $argocd_pkg.version=${ARGOCD_VERSION#v} -X $argocd_pkg.buildDate=1970-01-01T00:00:00Z"
argocd_ldflags+=" -X $argocd_pkg.kubectlVersion=$client_go -X $argocd_pkg.extraBuildInfo=driftwatch-test-build"
build argocd "$modules/argocd" github.com/argoproj/argo-cd/v3/cmd "$argocd_ldflags"
build kustomize "$modules/kustomize" sigs.k8s.io/kustomize/kustomize/v5 \
  "-s -w -X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION -X sigs.k8s.io/kustomize/api/provenance.buildDate=1970-01-01T00:00:00Z"

# Argo CD's CRDs and its "core" install (config maps, secret) of the same version, for the runner.
rm -rf "$dir/manifests"
mkdir -p "$dir/manifests"
cp -r "$argocd_src/manifests/crds" "$dir/manifests/crds"
cp "$argocd_src/manifests/core-install.yaml" "$dir/manifests/core-install.yaml"
chmod -R u+w "$dir/manifests"

cat > "$dir/versions.json" <<EOF
{"argocd": "$ARGOCD_VERSION", "kustomize": "$KUSTOMIZE_VERSION", "go": "$go_version", "platform": "$platform", "buildSeconds": $(( $(date +%s) - start ))}
EOF
touch "$dir/.complete"
echo "argocd: built in $(( $(date +%s) - start ))s: $dir (redis: $redis_dir)"
