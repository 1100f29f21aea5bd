package srcedit

import (
	"go/ast"
	"go/token"
	"slices"
	"sort"
)

// Enclosing returns the syntax nodes of f that enclose the interval
// [start, end], innermost first and f last, as astutil.PathEnclosingInterval
// does for an interval that is a node's extent or a point in it.
//
// It descends from f one node at a time, and finds the child holding the
// interval by binary search in the long lists of a node (a block's
// statements, a file's declarations, a case's body, a call's arguments, a
// composite literal's elements), so that a query costs the depth of the
// tree times the logarithm of those lists: PathEnclosingInterval sorts
// every list on the path, which in a function of thousands of statements
// costs more than the analysis of the statement asked about.
func Enclosing(f *ast.File, start, end token.Pos) []ast.Node {
	if f == nil || end < start || start < f.FileStart || end > f.FileEnd {
		return nil
	}
	var path []ast.Node
	for n := ast.Node(f); n != nil; n = childHolding(n, start, end) {
		path = append(path, n)
	}
	slices.Reverse(path)
	return path
}

// holds reports whether n's extent holds the interval: a point must lie
// before n's end (the position just after a node belongs to its parent).
func holds(n ast.Node, start, end token.Pos) bool {
	if isNilNode(n) {
		return false
	}
	return n.Pos() <= start && end <= n.End() && (start < n.End() || start < end)
}

// isNilNode reports whether n is nil, or a nil *ast.FieldList, *ast.Ident
// or *ast.BlockStmt (the optional parts of a declaration).
func isNilNode(n ast.Node) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *ast.FieldList:
		return n == nil
	case *ast.Ident:
		return n == nil
	case *ast.BlockStmt:
		return n == nil
	}
	return false
}

// childHolding returns n's first child that holds the interval, or nil.
func childHolding(n ast.Node, start, end token.Pos) ast.Node {
	switch n := n.(type) {
	case *ast.File:
		if holds(n.Name, start, end) {
			return n.Name
		}
		return search(n.Decls, start, end)
	case *ast.FuncDecl:
		// The FuncType overlaps the receiver and the name: it is on the
		// path only for an interval in its parameter or result lists (its
		// func keyword belongs to the declaration).
		for _, c := range []ast.Node{n.Recv, n.Name} {
			if holds(c, start, end) {
				return c
			}
		}
		for _, c := range []ast.Node{n.Type.TypeParams, n.Type.Params, n.Type.Results} {
			if holds(c, start, end) {
				return n.Type
			}
		}
		if holds(n.Body, start, end) {
			return n.Body
		}
		return nil
	case *ast.BlockStmt:
		return search(n.List, start, end)
	case *ast.CaseClause:
		if c := search(n.List, start, end); c != nil {
			return c
		}
		return search(n.Body, start, end)
	case *ast.CommClause:
		if holds(n.Comm, start, end) {
			return n.Comm
		}
		return search(n.Body, start, end)
	case *ast.CallExpr:
		if holds(n.Fun, start, end) {
			return n.Fun
		}
		return search(n.Args, start, end)
	case *ast.CompositeLit:
		if holds(n.Type, start, end) {
			return n.Type
		}
		return search(n.Elts, start, end)
	}
	// A node with a handful of children: look at each.
	var found ast.Node
	first := true
	ast.Inspect(n, func(c ast.Node) bool {
		if first {
			first = false
			return true // n itself
		}
		if found == nil && c != nil && holds(c, start, end) {
			if _, isComment := c.(*ast.CommentGroup); !isComment {
				found = c
			}
		}
		return false
	})
	return found
}

// search finds, in a list of nodes in source order, the one holding the
// interval: nodes of a list do not overlap, so it is the first that ends
// after start, if it holds the interval.
func search[N ast.Node](list []N, start, end token.Pos) ast.Node {
	i := sort.Search(len(list), func(i int) bool { return start < list[i].End() })
	if i < len(list) && holds(list[i], start, end) {
		return list[i]
	}
	return nil
}
