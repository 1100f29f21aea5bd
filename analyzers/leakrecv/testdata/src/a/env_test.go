package a

import (
	"strings"
	"testing"
)

// net/http/fcgi's tests: the child serves records the test wrote, so its
// Read does not fail and the stored handler runs. A failure would be the
// test's own. Silent.
func TestServeOne(t *testing.T) {
	done := make(chan struct{})
	c := newChild(strings.NewReader("x"), func() { close(done) })
	c.serve()
	<-done
}
