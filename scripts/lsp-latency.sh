#!/usr/bin/env bash
# lsp-latency.sh — the language server's latency on real packages: the first
# analysis after didOpen, and the median time from an unsaved edit to its
# publishDiagnostics (the 200 ms debounce included), by BenchmarkLatency in
# internal/lsp, on golang.org/x/sync/errgroup and github.com/hashicorp/raft
# from the module cache in the corpus module's context; exits 1 when a
# median exceeds 500 ms.
#
# Usage (from the repository root; it is a timing measurement):
#   flock /tmp/concvet-heavy.lock scripts/lsp-latency.sh [SESSIONS]
# SESSIONS (default 3) sessions of 7 edits each per package; the figure is
# the median over sessions of each session's median. The corpus module is
# $CORPUS_DIR or /tmp/concvet-corpus (../shared/corpus/setup.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS_DIR:-/tmp/concvet-corpus}"
sessions="${1:-3}"
[ -f "$corpus/go.mod" ] || { echo "no corpus module in $corpus" >&2; exit 2; }
modcache="$(cd "$corpus" && GOFLAGS=-mod=readonly go env GOMODCACHE)"
version() { (cd "$corpus" && GOFLAGS=-mod=readonly go list -m -f '{{.Version}}' "$1"); }
cd "$root"
status=0
for mod in golang.org/x/sync:errgroup github.com/hashicorp/raft:; do
	path=${mod%%:*} sub=${mod##*:}
	dir="$modcache/$path@$(version "$path")${sub:+/$sub}"
	out="$(CONCVET_LSP_LATENCY="$dir" CONCVET_LSP_LATENCY_MOD="$corpus" \
		go test -run '^$' -bench '^BenchmarkLatency$' -benchtime "${sessions}x" -count 1 ./internal/lsp)"
	line="$(grep '^BenchmarkLatency' <<<"$out")" || { echo "$out" >&2; exit 1; }
	first=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="first-ms") print $i}' <<<"$line")
	edit=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="edit-ms") print $i}' <<<"$line")
	emax=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="edit-max-ms") print $i}' <<<"$line")
	ok=$(awk -v e="$edit" 'BEGIN{print (e <= 500) ? "ok  " : "FAIL"}')
	[ "$ok" = "ok  " ] || status=1
	printf '%s %s%s: first analysis %.0f ms; edit -> diagnostics median %.0f ms (bound 500), max %.0f ms\n' \
		"$ok" "$path" "${sub:+/$sub}" "$first" "$edit" "$emax"
done
exit $status
