#!/usr/bin/env bash
# standalone.sh — peak memory and time of standalone `concvet` (which runs
# go vet with itself as the vettool; see internal/vetrun), cold and warm, on
# the standard library and on grpc in the corpus module, next to go vet's own
# analyzers on the same packages; exits 1 when a bound is exceeded:
#
#   peak RSS of the largest process: std <= 1 GiB, grpc <= 1.5 GiB
#   warm rerun over the unchanged tree <= 10% of the cold run's wall time
#
# Usage (from the repository root; it is a heavy job):
#   flock /tmp/concvet-heavy.lock scripts/standalone.sh [CONCVET]
# CONCVET defaults to a fresh build of ./cmd/concvet. "Cold" is the first run
# of a copy of the binary with random bytes appended, so that go vet's result
# cache has nothing for it (the build cache may hold compiled packages, as on
# any developer machine); "warm" is the same copy again. The corpus module is
# $CORPUS_DIR or /tmp/concvet-corpus (../shared/corpus/setup.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS_DIR:-/tmp/concvet-corpus}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/concvet-standalone.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 1 ]; then
	cp "$1" "$tmp/concvet"
else
	(cd "$root" && go build -o "$tmp/concvet" ./cmd/concvet)
fi
printf 'salt-%s-%s' "$RANDOM$RANDOM" "$(date +%s%N)" >> "$tmp/concvet"
[ -f "$corpus/go.mod" ] || { echo "no corpus module in $corpus" >&2; exit 2; }
cd "$corpus"
export GOFLAGS=-mod=readonly GOTOOLCHAIN=local

# measure LABEL CMD...: prints "LABEL wall_s peak_MiB" and keeps them in $tmp.
measure() {
	local label="$1"; shift
	set +e
	/usr/bin/time -f '%e %M' -o "$tmp/$label.time" "$@" > "$tmp/$label.out" 2> "$tmp/$label.err"
	local rc=$?
	set -e
	# concvet exits 3 with findings, go vet 1; anything else is a failure.
	if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
		echo "$label: exit status $rc" >&2; tail -5 "$tmp/$label.err" >&2; exit 1
	fi
	read -r wall kib < <(tail -1 "$tmp/$label.time")
	echo "$wall $((kib / 1024))" > "$tmp/$label.res"
	printf '%-16s wall %7.1f s   peak RSS %6d MiB   exit %d\n' "$label" "$wall" "$((kib / 1024))" "$rc"
}

salt="concvetsalt$RANDOM$RANDOM"
measure std-cold "$tmp/concvet" std
measure std-warm "$tmp/concvet" std
measure grpc-cold "$tmp/concvet" google.golang.org/grpc/...
measure grpc-warm "$tmp/concvet" google.golang.org/grpc/...
measure govet-std go vet "-printf.funcs=$salt" std
measure govet-grpc go vet "-printf.funcs=$salt" google.golang.org/grpc/...

status=0
check() { # LABEL OK MESSAGE
	if [ "$2" = 1 ]; then echo "ok   $1: $3"; else echo "FAIL $1: $3"; status=1; fi
}
res() { cut -d' ' -f"$2" "$tmp/$1.res"; }
for t in std:1024 grpc:1536; do
	name=${t%%:*} limit=${t##*:}
	for run in cold warm; do
		mib=$(res "$name-$run" 2)
		check "$name $run peak" "$([ "$mib" -le "$limit" ] && echo 1 || echo 0)" "$mib MiB (bound $limit MiB)"
	done
	cold=$(res "$name-cold" 1) warm=$(res "$name-warm" 1)
	check "$name warm/cold" "$(awk -v c="$cold" -v w="$warm" 'BEGIN{print (w <= c/10) ? 1 : 0}')" \
		"$(awk -v c="$cold" -v w="$warm" 'BEGIN{printf "%.1f s / %.1f s = %.1f%% (bound 10%%)", w, c, 100*w/c}')"
done
exit $status
