#!/usr/bin/env bash
# Builds custom-gcl (golangci-lint v2.15.0 with the concvet module plugin, see
# main.go) from the module proxy alone and checks it on testdata/fixture with
# the fixture's .golangci.yml: the findings by check and line, that a setting
# changes them, that //nolint:concvet and //concvet:ignore silence a finding,
# that --fix applies wgadd's fix, and the exit codes. Needs only Go, bash and
# coreutils. The first build compiles all of golangci-lint: a few minutes.
#
#	gcl/test.sh            build, then check
#	GCL=path gcl/test.sh   check an already built binary
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${GCL:-}" ]; then
	echo '== build gcl/custom-gcl'
	start=$SECONDS
	# -mod=mod: the main module is replaced by ../, whose requirements may
	# have moved on since gcl/go.mod was last tidied.
	go build -mod=mod -trimpath -o custom-gcl .
	echo "built in $((SECONDS - start))s"
	GCL=$PWD/custom-gcl
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R testdata/fixture "$work/fixture"
fixture=$work/fixture
export GOLANGCI_LINT_CACHE=$work/cache # nothing reused from other runs

fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# lint CONFIG ARGS... runs custom-gcl in the fixture with CONFIG, leaving
# the output in $out, "file:line check" per finding in $found and the exit
# status in $rc.
lint() {
	local config=$1
	shift
	rc=0
	out=$(cd "$fixture" && "$GCL" run -c "$config" --output.text.path=stdout \
		--output.text.print-issued-lines=false --output.text.colors=false \
		--show-stats=false "$@" 2>&1) || rc=$?
	# wg/wg.go:14:4: wgadd: wg.Add inside ... (concvet)  ->  wg/wg.go:14 wgadd
	found=$(printf '%s\n' "$out" |
		sed -n 's/^\([^ :]*\):\([0-9]*\):[0-9]*: \([a-z]*\): .* (concvet)$/\1:\2 \3/p' | sort)
}

# expect NAME WANT_RC WANT_FINDINGS checks the last lint.
expect() {
	local name=$1 want_rc=$2 want=$3 before=$fails
	if [ "$rc" != "$want_rc" ]; then
		fail "$name: exit status $rc, want $want_rc"
	fi
	# Every issue must be a finding: related positions are not issues.
	local issues
	issues=$(printf '%s\n' "$out" | grep -c ' (concvet)$' || true)
	if [ "$issues" != "$(printf '%s' "$found" | grep -c . || true)" ]; then
		fail "$name: $issues issues, not all of the form file:line:col: check: message"
	fi
	if [ "$found" != "$want" ]; then
		fail "$name: findings
$found
want
$want"
	fi
	if [ "$fails" = "$before" ]; then
		echo "ok   $name"
	else
		printf '%s\n' "$out" >&2
	fi
}

echo '== custom-gcl on testdata/fixture'
cat >"$fixture/disable.yml" <<'EOF'
version: "2"
linters:
  default: none
  enable: [concvet]
  settings:
    custom:
      concvet:
        type: module
        settings:
          disable: [wgadd]
EOF
cat >"$fixture/typo.yml" <<'EOF'
version: "2"
linters:
  default: none
  enable: [concvet]
  settings:
    custom:
      concvet:
        type: module
        settings:
          disable: [wgad]
EOF

# wg.go:14 is the reported Add, wg.go:26 the same bug under //nolint:concvet,
# wg.go:39 under //concvet:ignore, wg.go:48 a directive that silences nothing.
lint .golangci.yml ./...
expect 'default settings: wgadd and ignore findings, 1 on findings' 1 \
	"wg/wg.go:14 wgadd
wg/wg.go:48 ignore"
# One "wgadd: " (golangci-lint's), the related positions in the message.
want='wg/wg.go:14:4: wgadd: wg.Add inside the goroutine it counts races with wg.Wait, which may return before the goroutine is counted (call wg.Add before the go statement) [the go statement: line 13; the Wait: line 19] (concvet)'
case $out in
*"$want"*) ;;
*) fail "the wgadd finding is not $want" ;;
esac

lint .golangci.yml ./clean/...
expect 'a clean package: 0' 0 ""

lint disable.yml ./...
expect 'disable: [wgadd] drops the wgadd finding' 1 "wg/wg.go:48 ignore"

lint typo.yml ./...
expect 'an unknown check in the settings: 3' 3 ""
case $out in
*'unknown check "wgad"'*) ;;
*) fail "the error for disable: [wgad] does not name it: $out" ;;
esac

lint .golangci.yml --fix ./...
expect '--fix applies the fixes, 0 when nothing is left' 0 ""
if ! diff -u "$fixture/wg/wg.go.golden" "$fixture/wg/wg.go"; then
	fail '--fix: wg/wg.go differs from wg/wg.go.golden'
else
	echo 'ok   --fix moved the Add before the go statement and removed the unused directive'
fi
lint .golangci.yml ./...
expect 'after --fix: clean' 0 ""

if [ "$fails" != 0 ]; then
	echo "gcl/test.sh: $fails failure(s)" >&2
	exit 1
fi
echo 'gcl/test.sh: ok'
