package main

import (
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestFactsOnly checks that in a facts-only run the checks no fact depends
// on do nothing, and that the analyzers with facts and what they require
// still run.
func TestFactsOnly(t *testing.T) {
	ran := map[string]bool{}
	mk := func(name string, facts bool, req ...*analysis.Analyzer) *analysis.Analyzer {
		a := &analysis.Analyzer{
			Name:       name,
			Doc:        name,
			Requires:   req,
			ResultType: reflect.TypeFor[*int](),
			Run: func(*analysis.Pass) (any, error) {
				ran[name] = true
				return new(int), nil
			},
		}
		if facts {
			a.FactTypes = []analysis.Fact{new(testFact)}
		}
		return a
	}
	base := mk("base", false)
	model := mk("model", true, base)
	engine := mk("engine", false, model)
	check := mk("check", false, engine)
	factCheck := mk("factcheck", true, model)
	factsOnly([]*analysis.Analyzer{check, factCheck})
	for _, a := range []*analysis.Analyzer{base, model, engine, check, factCheck} {
		res, err := a.Run(nil)
		if err != nil {
			t.Fatal(err)
		}
		if reflect.TypeOf(res) != a.ResultType {
			t.Errorf("%s: result of type %T, want %v", a.Name, res, a.ResultType)
		}
	}
	for name, want := range map[string]bool{"base": true, "model": true, "factcheck": true, "engine": false, "check": false} {
		if ran[name] != want {
			t.Errorf("%s ran: %v, want %v", name, ran[name], want)
		}
	}
}

type testFact struct{}

func (*testFact) AFact() {}
