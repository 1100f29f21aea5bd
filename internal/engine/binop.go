package engine

import "go/token"

type outcome struct {
	s *State
	v Val
}

// binop evaluates a binary operation. A comparison the path has not decided
// yet gives two outcomes, on copies of s that remember the choice.
func (e *explorer) binop(s *State, tok token.Token, a, b Val) []outcome {
	one := func(v Val) []outcome { return []outcome{{s, v}} }
	switch tok {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return e.compare(s, tok, a, b)
	}
	if a.K == VInt && b.K == VInt {
		x, y := a.N, b.N
		var r int64
		switch tok {
		case token.ADD:
			r = x + y
		case token.SUB:
			r = x - y
		case token.MUL:
			r = x * y
		case token.QUO:
			if y == 0 {
				return one(top)
			}
			r = x / y
		case token.REM:
			if y == 0 {
				return one(top)
			}
			r = x % y
		case token.AND:
			r = x & y
		case token.OR:
			r = x | y
		case token.XOR:
			r = x ^ y
		case token.AND_NOT:
			r = x &^ y
		case token.SHL:
			if y < 0 || y > 16 {
				return one(top)
			}
			r = x << y
		case token.SHR:
			if y < 0 || y > 63 {
				return one(top)
			}
			r = x >> y
		default:
			return one(top)
		}
		if r > maxInt || r < -maxInt {
			// Beyond the small numbers the explorer keeps exact: a count
			// it no longer follows, so a branch on it is uncertain.
			return one(Val{K: VUnc})
		}
		return one(intVal(r))
	}
	if a.K == VUnc || b.K == VUnc {
		return one(Val{K: VUnc})
	}
	// Arithmetic on an unknown the path follows (a length, a count, a
	// parameter) makes a value the explorer cannot relate to it: a new
	// unknown would let a loop bounded by n+2 run a number of times
	// unrelated to a loop bounded by n, and report the receive the two
	// would match. A branch on it is uncertain.
	if a.K == VSym || b.K == VSym || a.K == VNot || b.K == VNot {
		return one(Val{K: VUnc})
	}
	return one(top)
}

// clamp saturates an interval bound: far from zero it is unbounded, so
// that an unknown stepped in a loop comes back to the same interval.
func clamp(n int64) int64 {
	if n > maxConst {
		return bigInt
	}
	if n < -maxConst {
		return -bigInt
	}
	return n
}

// compare evaluates a comparison.
func (e *explorer) compare(s *State, tok token.Token, a, b Val) []outcome {
	one := func(r bool) []outcome { return []outcome{{s, boolVal(r)}} }
	eq := tok == token.EQL || tok == token.NEQ
	res := func(equal bool) []outcome {
		if tok == token.EQL {
			return one(equal)
		}
		return one(!equal)
	}
	// Booleans that are a symbol or its negation compare as integers.
	if a.K == VNot && b.K == VInt {
		a, b = Val{K: VSym, N: a.N}, boolVal(b.N == 0)
	}
	if b.K == VNot && a.K == VInt {
		b, a = Val{K: VSym, N: b.N}, boolVal(a.N == 0)
	}
	switch {
	case a.K == VUnc || b.K == VUnc:
		t, f := e.clone(s), e.clone(s)
		t.Uncertain, f.Uncertain = true, true
		return []outcome{{t, boolVal(true)}, {f, boolVal(false)}}
	case a.K == VInt && b.K == VInt:
		return one(cmpInt(tok, a.N, b.N))
	case eq && isNilish(a) && isNilish(b):
		return res(nilness(a) == 1 && nilness(b) == 1 || a == b)
	case eq && (a.K == VNil || b.K == VNil):
		x := a
		if a.K == VNil {
			x = b
		}
		switch x.K {
		case VObj, VSlice, VSliceSym, VFunc, VCancel, VStr:
			return res(false)
		case VTop:
			if x.N == 1 {
				return res(false)
			}
		case VSym:
			// A nilable unknown: zero is nil.
			return e.decide(s, tok, x, intVal(0))
		}
	case eq && a.K == VObj && b.K == VObj:
		return res(a.N == b.N)
	case eq && a.K == VStr && b.K == VStr:
		return res(a.N == b.N)
	case a.K == VSym && b.K == VSym && a.N == b.N:
		return one(cmpInt(tok, 0, 0))
	case a.K == VSym && b.K == VInt, a.K == VInt && b.K == VSym:
		return e.decide(s, tok, a, b)
	case a.K == VSym && b.K == VSym:
		for _, m := range s.Memo {
			if m.Op == int64(tok) && m.A == a && m.B == b {
				return one(m.Res)
			}
		}
		t, f := e.clone(s), e.clone(s)
		t.Memo = append(t.Memo, memo{Op: int64(tok), A: a, B: b, Res: true})
		f.Memo = append(f.Memo, memo{Op: int64(tok), A: a, B: b, Res: false})
		return []outcome{{t, boolVal(true)}, {f, boolVal(false)}}
	}
	t, f := e.clone(s), e.clone(s)
	return []outcome{{t, boolVal(true)}, {f, boolVal(false)}}
}

func isNilish(v Val) bool { return v.K == VNil }

func nilness(v Val) int {
	if v.K == VNil {
		return 1
	}
	return 0
}

func cmpInt(tok token.Token, x, y int64) bool {
	switch tok {
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	return false
}

// decide compares a symbol with a constant (either side): by its interval
// when that settles it, else on two copies of s with the interval narrowed.
func (e *explorer) decide(s *State, tok token.Token, a, b Val) []outcome {
	// Normalise to sym <op> k.
	if a.K == VInt {
		a, b = b, a
		switch tok {
		case token.LSS:
			tok = token.GTR
		case token.LEQ:
			tok = token.GEQ
		case token.GTR:
			tok = token.LSS
		case token.GEQ:
			tok = token.LEQ
		}
	}
	k := b.N
	sy := s.Syms[a.N]
	// The values of the interval for which the comparison holds: [tlo, thi]
	// (for ==) or its complement.
	var yes, no []Sym
	switch tok {
	case token.EQL:
		yes = []Sym{{Lo: k, Hi: k}}
		no = []Sym{{Lo: sy.Lo, Hi: k - 1}, {Lo: k + 1, Hi: sy.Hi}}
	case token.NEQ:
		yes = []Sym{{Lo: sy.Lo, Hi: k - 1}, {Lo: k + 1, Hi: sy.Hi}}
		no = []Sym{{Lo: k, Hi: k}}
	case token.LSS:
		yes, no = []Sym{{Lo: sy.Lo, Hi: k - 1}}, []Sym{{Lo: k, Hi: sy.Hi}}
	case token.LEQ:
		yes, no = []Sym{{Lo: sy.Lo, Hi: k}}, []Sym{{Lo: k + 1, Hi: sy.Hi}}
	case token.GTR:
		yes, no = []Sym{{Lo: k + 1, Hi: sy.Hi}}, []Sym{{Lo: sy.Lo, Hi: k}}
	case token.GEQ:
		yes, no = []Sym{{Lo: k, Hi: sy.Hi}}, []Sym{{Lo: sy.Lo, Hi: k - 1}}
	}
	fit := func(parts []Sym) (Sym, bool) {
		// The part of the interval that remains, when it is one range.
		var r Sym
		n := 0
		for _, p := range parts {
			lo, hi := max(p.Lo, sy.Lo), min(p.Hi, sy.Hi)
			if lo <= hi {
				r = Sym{Lo: lo, Hi: hi, By: sy.By}
				n++
			}
		}
		if n == 2 {
			// Two ranges (a != k in the middle): keep the whole interval.
			return sy, true
		}
		return r, n > 0
	}
	ty, okY := fit(yes)
	tn, okN := fit(no)
	switch {
	case okY && !okN:
		return []outcome{{s, boolVal(true)}}
	case okN && !okY:
		return []outcome{{s, boolVal(false)}}
	case !okY && !okN:
		return []outcome{{s, boolVal(false)}}
	}
	// A path that counts an unknown past the scope is not followed.
	cut := func(r Sym) bool {
		return k >= 0 && k <= maxInt && r.Lo > e.lim.Scope && sy.Lo <= e.lim.Scope
	}
	switch cy, cn := cut(ty), cut(tn); {
	case cy && cn:
		e.hit(BoundScope)
		return nil
	case cy:
		e.hit(BoundScope)
		f := e.clone(s)
		f.Syms[a.N] = tn
		return []outcome{{f, boolVal(false)}}
	case cn:
		e.hit(BoundScope)
		t := e.clone(s)
		t.Syms[a.N] = ty
		return []outcome{{t, boolVal(true)}}
	}
	t, f := e.clone(s), e.clone(s)
	ty.Len, tn.Len = sy.Len, sy.Len
	t.Syms[a.N] = ty
	f.Syms[a.N] = tn
	return []outcome{{t, boolVal(true)}, {f, boolVal(false)}}
}
