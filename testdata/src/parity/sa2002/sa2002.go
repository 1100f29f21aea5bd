// Package sa2002 mirrors the bug lines of staticcheck's SA2002 (T.FailNow
// or T.Fatal called from a goroutine) test data in concvet's own code. It
// is staticcheck's and vet's (testinggoroutine) domain: no line here may be
// reported (see analyzers/parity_test.go).
package sa2002

import "testing"

func fatalInGoroutines() {
	var t *testing.T
	go func() { // PEER(SA2002) -
		t.Fatal("from a goroutine")
	}()
	go fail(t) // PEER(SA2002) -

	f := func() {
		t.Fatal("from a goroutine")
	}
	go f() // PEER(SA2002) -
}

func fail(t *testing.T) {
	t.Fatal("failed")
}

func sameGoroutine(t *testing.T) {
	f := func() {
		t.Fatal("same goroutine")
	}
	f()
	func() {
		t.Fatal("same goroutine")
	}()
	t.Fatal("same goroutine")
}
