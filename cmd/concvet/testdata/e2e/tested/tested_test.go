package tested

import "testing"

func TestCount(t *testing.T) { Count(2) }
