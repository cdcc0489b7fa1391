#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok) and helm from Go modules, once per machine, into a cache outside the repository.
#
# Usage: scripts/control-plane/build.sh [--print-dir]
#   --print-dir  only print the cache directory for this set of versions and exit
#
# The cache directory is keyed by the pinned versions (below), the helper modules' go.mod/go.sum,
# the Go version and the platform: NOT by this script's text, so editing the script does not throw
# away a 9-minute build. Bump BUILD_RECIPE when a change here must produce different binaries.
# A `.complete` marker is written only when every binary is built, so an interrupted build is
# resumed (binaries already present are kept) rather than trusted. Two builds of the same key wait
# for each other (flock). Go's own output goes to <dir>/build.log; each binary's build time is
# recorded in <dir>/build-times.tsv, from which the next build estimates what is left.
#
# When file descriptor 3 is open, machine-readable progress events are written to it, one a line
# (source/control-plane/build-binaries.ts reads them and draws the progress display):
#   plan NAME=built|todo ...   the binaries, in build order
#   wait                       another build of this key holds the lock
#   start NAME | done NAME SECONDS | fail NAME EXIT_CODE | complete SECONDS
# Environment: DRIFTWATCH_CACHE (default ~/.cache/driftwatch).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
modules="$here/modules"

# One place for the versions; the helper go.mod files must agree (checked below).
K8S_VERSION=v1.35.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.19.5
BUILD_RECIPE=1

export GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

if ! command -v go >/dev/null; then
  echo "control plane: Go is not installed; the control plane is built from Go modules (Go 1.25 or newer: https://go.dev/dl/)" >&2
  exit 127
fi
go_version=$(go env GOVERSION)
platform="$(go env GOOS)-$(go env GOARCH)"
modules_hash=$(cd "$modules" && { echo "recipe $BUILD_RECIPE"; cat */go.mod */go.sum; } | sha256sum | cut -c1-12)
cache_root="${DRIFTWATCH_CACHE:-$HOME/.cache/driftwatch}/control-plane"
dir="$cache_root/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION-$go_version-$platform-$modules_hash"

if [[ "${1:-}" == "--print-dir" ]]; then
  echo "$dir"
  exit 0
fi

# event WORDS...: a progress event on fd 3, when a reader opened it.
if { true >&3; } 2>/dev/null; then
  event() { echo "$*" >&3; }
else
  event() { :; }
fi

binaries=(etcd helm kwok kube-apiserver kube-controller-manager kube-scheduler)

if [[ -f "$dir/.complete" ]]; then
  event plan "${binaries[@]/%/=built}"
  event complete 0
  echo "control plane: binaries ready in $dir"
  exit 0
fi

for pair in "kubernetes:k8s.io/kubernetes $K8S_VERSION" "etcd:go.etcd.io/etcd/server/v3 $ETCD_VERSION" \
  "kwok:sigs.k8s.io/kwok $KWOK_VERSION" "helm:helm.sh/helm/v3 $HELM_VERSION"; do
  mod=${pair%%:*} req=${pair#*:}
  grep -qF "$req" "$modules/$mod/go.mod" || { echo "build.sh: $modules/$mod/go.mod does not require $req" >&2; exit 2; }
done

mkdir -p "$dir/bin"
exec 9>"$dir/.lock"
if ! flock -n 9; then
  event wait
  echo "control plane: another build of $dir is running; waiting for it"
  flock 9
fi
if [[ -f "$dir/.complete" ]]; then
  event plan "${binaries[@]/%/=built}"
  event complete 0
  echo "control plane: binaries ready in $dir (built by the other build)"
  exit 0
fi

plan=()
for name in "${binaries[@]}"; do
  if [[ -x "$dir/bin/$name" ]]; then plan+=("$name=built"); else plan+=("$name=todo"); fi
done
event plan "${plan[@]}"

start=$(date +%s)
log="$dir/build.log"
echo "control plane: building into $dir (Go's output: $log)"
echo "control plane: a first build takes about 9 minutes on 2 cores; later runs reuse the cache"

# build NAME MODULE_DIR PACKAGE LDFLAGS
build() {
  local name=$1 moddir=$2 pkg=$3 ldflags=$4
  if [[ -x "$dir/bin/$name" ]]; then
    echo "  $name: already built"
    return
  fi
  local t0; t0=$(date +%s)
  event start "$name"
  echo "  $name: building ($pkg)"
  # A heartbeat, so a long compile is visibly alive when nothing draws a progress display.
  # (The trap ends its `sleep` too: a stray sleep would hold the output pipe open for a minute.)
  ( trap 'kill $nap 2>/dev/null; exit 0' TERM
    while :; do sleep 60 & nap=$!; wait $nap
      echo "  $name: still building, $(( $(date +%s) - t0 ))s (total $(( $(date +%s) - start ))s)"; done ) &
  local ticker=$!
  local rc=0
  echo "== $name ($pkg) $(date -u +%FT%TZ)" >>"$log"
  (cd "$moddir" && go build -trimpath -ldflags "$ldflags" -o "$dir/bin/$name.tmp" "$pkg") >>"$log" 2>&1 || rc=$?
  kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    rm -f "$dir/bin/$name.tmp"
    event fail "$name" "$rc"
    echo "control plane: building $name failed (exit $rc); the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit $rc
  fi
  mv "$dir/bin/$name.tmp" "$dir/bin/$name"
  local seconds=$(( $(date +%s) - t0 ))
  printf '%s\t%s\n' "$name" "$seconds" >>"$dir/build-times.tsv"
  event done "$name" "$seconds"
  echo "  $name: done in ${seconds}s (total $(( $(date +%s) - start ))s)"
}

k8s_minor=${K8S_VERSION#v1.}; k8s_minor=${k8s_minor%%.*}
k8s_ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

# Keep this order in step with `binaries` above (the progress display estimates from it).
build etcd "$modules/etcd" go.etcd.io/etcd/server/v3 "-s -w"
build helm "$modules/helm" helm.sh/helm/v3/cmd/helm "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
build kwok "$modules/kwok" sigs.k8s.io/kwok/cmd/kwok "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$K8S_VERSION"
build kube-apiserver "$modules/kubernetes" k8s.io/kubernetes/cmd/kube-apiserver "-s -w $k8s_ldflags"
build kube-controller-manager "$modules/kubernetes" k8s.io/kubernetes/cmd/kube-controller-manager "-s -w $k8s_ldflags"
build kube-scheduler "$modules/kubernetes" k8s.io/kubernetes/cmd/kube-scheduler "-s -w $k8s_ldflags"

# kwok ships its stage definitions as YAML in its module; copy the ones we use next to the binaries.
kwok_src=$(cd "$modules/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
mkdir -p "$dir/kwok-stages"
cp -r "$kwok_src/kustomize/stage/." "$dir/kwok-stages/"
chmod -R u+w "$dir/kwok-stages"

total=$(( $(date +%s) - start ))
cat > "$dir/versions.json" <<EOF
{"kubernetes": "$K8S_VERSION", "etcd": "$ETCD_VERSION", "kwok": "$KWOK_VERSION", "helm": "$HELM_VERSION", "go": "$go_version", "platform": "$platform", "buildSeconds": $total}
EOF
touch "$dir/.complete"
event complete "$total"
echo "control plane: all binaries built in ${total}s: $dir"
