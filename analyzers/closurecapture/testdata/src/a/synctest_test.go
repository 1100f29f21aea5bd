package a

import (
	"testing"
	"testing/synctest"
)

func TestSynctestWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		done := false
		go func() {
			done = true
		}()
		synctest.Wait()
		t.Log(done)
	})
}
