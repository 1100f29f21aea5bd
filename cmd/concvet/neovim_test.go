package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs each Neovim snippet of the README in a real, headless
// Neovim: with the snippet as its init.lua and this build of concvet on
// PATH, Neovim opens a file with a wgadd bug and must show the diagnostic,
// then an unsaved edit that fixes the bug must clear it. A snippet runs
// only on the Neovim versions it is written for; without nvim the test is
// skipped (.ci/run installs Debian's when it can).
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed (Debian: apt-get install neovim)")
	}
	out, err := exec.Command(nvim, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`NVIM v(\d+)\.(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read the version of %s: %s", nvim, out)
	}
	version := [2]int{atoi(m[1]), atoi(m[2])}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	snippets := regexp.MustCompile("(?s)<!-- neovim-snippet: (\\d+)\\.(\\d+) -->\n```lua\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(snippets) != 2 {
		t.Fatalf("README.md has %d marked Neovim snippets, want 2", len(snippets))
	}
	for i, sn := range snippets {
		low := [2]int{atoi(sn[1]), atoi(sn[2])}
		// The snippets are newest first: each is for its version up to
		// the one before it (exclusive).
		var high [2]int // zero: no upper bound
		if i > 0 {
			high = [2]int{atoi(snippets[i-1][1]), atoi(snippets[i-1][2])}
		}
		name := fmt.Sprintf("%d.%d", low[0], low[1])
		t.Run(name, func(t *testing.T) {
			if less(version, low) || high != [2]int{} && !less(version, high) {
				t.Skipf("Neovim %d.%d is installed; this snippet is for %s", version[0], version[1], span(low, high))
			}
			runNeovim(t, nvim, string(sn[3]))
		})
	}
}

func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

func less(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

func span(low, high [2]int) string {
	if high == [2]int{} {
		return fmt.Sprintf("%d.%d and newer", low[0], low[1])
	}
	return fmt.Sprintf("%d.%d up to %d.%d", low[0], low[1], high[0], high[1])
}

const neovimBuggy = `package nv

import "sync"

func Count(n int) {
	var wg sync.WaitGroup
	for range n {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}
`

// neovimHarness follows the snippet in init.lua: it records each change
// of the buffer's diagnostics, and once the wgadd finding is shown makes
// an unsaved edit that fixes the bug, and quits when it has cleared (or
// after a minute).
const neovimHarness = `
local out = os.getenv("CONCVET_NVIM_OUT")
local log = {}
local t0 = vim.loop.hrtime()
local phase = "open"
local function record(line)
  table.insert(log, string.format("%.0fms %s", (vim.loop.hrtime() - t0) / 1e6, line))
  vim.fn.writefile(log, out)
end
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(args)
    local diags = vim.diagnostic.get(args.buf)
    for _, d in ipairs(diags) do
      record(string.format("diagnostic %d:%d %s %s: %s", d.lnum + 1, d.col + 1, d.source or "", d.code or "", d.message))
    end
    if phase == "open" and #diags > 0 then
      phase = "edit"
      record("edit")
      t0 = vim.loop.hrtime()
      -- Move the Add before the go statement, as the fix does; unsaved.
      local lines = vim.api.nvim_buf_get_lines(args.buf, 0, -1, false)
      local fixed = {}
      for _, l in ipairs(lines) do
        if l:match("^%s*wg%.Add%(1%)%s*$") then
        elseif l:match("^%s*go func%(%) {$") then
          table.insert(fixed, "\t\twg.Add(1)")
          table.insert(fixed, l)
        else
          table.insert(fixed, l)
        end
      end
      vim.api.nvim_buf_set_lines(args.buf, 0, -1, false, fixed)
    elseif phase == "edit" and #diags == 0 then
      record("cleared")
      vim.cmd("qall!")
    end
  end,
})
vim.defer_fn(function() record("timeout in phase " .. phase); vim.cmd("qall!") end, 60000)
`

func runNeovim(t *testing.T, nvim, snippet string) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "mod")
	if err := os.MkdirAll(mod, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"go.mod": "module example.com/nv\n\ngo 1.26\n", "nv.go": neovimBuggy} {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	initLua := filepath.Join(dir, "init.lua")
	if err := os.WriteFile(initLua, []byte("vim.cmd('filetype on')\n"+snippet+neovimHarness), 0o666); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(dir, "out.txt")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", initLua, filepath.Join(mod, "nv.go"))
	cmd.Dir = mod
	cmd.Env = append(env,
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CONCVET_NVIM_OUT="+outFile,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("nvim wrote nothing (%v); stderr:\n%s", err, stderr.String())
	}
	got := string(data)
	t.Logf("Neovim's record (times since opening, then since the edit):\n%s", got)
	want := regexp.MustCompile(`(?m)^\d+ms diagnostic 9:4 concvet wgadd: wg\.Add inside the goroutine it counts races with wg\.Wait`)
	if !want.MatchString(got) {
		t.Errorf("no wgadd diagnostic at 9:4 from source concvet")
	}
	if !regexp.MustCompile(`(?m)^\d+ms cleared$`).MatchString(got) {
		t.Errorf("the diagnostic did not clear after the unsaved fix")
	}
	if strings.Contains(got, "timeout") {
		t.Errorf("timed out")
	}
}
