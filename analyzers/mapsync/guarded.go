package mapsync

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concvet/concvet/internal/model"
	"github.com/concvet/concvet/internal/srcedit"
)

// guardedBy reports writes to a map field made without the mutex that
// guards the field, when most writes to the map hold it. The inference is
// the model's (Guarded), shared with guardedby: this check reports the map
// writes, guardedby the other accesses.
func (c *checker) guardedBy() {
	for _, gv := range c.m.Guarded() {
		if gv.Guard == nil || gv.Var.Pkg() != c.pass.Pkg || !isMap(gv.Var.Type()) {
			continue
		}
		var locked, unlocked []*model.VarAccess
		var mu model.Ref
		for _, a := range gv.Accesses {
			if !a.MapWrite || !a.Shared {
				continue
			}
			if h, ok := a.Holds(gv.Guard); ok {
				if !h.Read {
					locked = append(locked, a)
					mu = h.Mutex
				}
				continue
			}
			if a.Entry && !a.Unknown && len(a.Held) == 0 {
				unlocked = append(unlocked, a)
			}
		}
		if len(locked) < 2 || len(locked) <= len(unlocked) {
			continue
		}
		for _, w := range unlocked {
			if c.reported[w.Instr.Pos()] {
				continue
			}
			c.reported[w.Instr.Pos()] = true
			name := c.mapName(access{instr: w.Instr, ref: w.Ref})
			c.pass.Report(analysis.Diagnostic{
				Pos: srcedit.StmtStart(c.pass, w.Instr.Pos()),
				Message: fmt.Sprintf("%s is written without holding %s, which guards it at %d other writes: a concurrent write crashes the program (lock %s around this write)",
					name, muName(name, mu), len(locked), muName(name, mu)),
				Related: []analysis.RelatedInformation{{Pos: srcedit.StmtStart(c.pass, locked[0].Instr.Pos()), Message: "a write of the field under the mutex"}},
			})
		}
	}
}

// muName names the mutex next to the map expression name ("s.m" and mu
// give "s.mu").
func muName(mapName string, mu model.Ref) string {
	if len(mu.Fields) == 0 {
		return mu.String()
	}
	last := mu.Fields[len(mu.Fields)-1].Name()
	if i := strings.LastIndex(mapName, "."); i >= 0 {
		return mapName[:i+1] + last
	}
	return last
}
