// Package budget has a Lock whose paths lockcheck cannot walk within its
// budget: sixteen flags set on both sides of an if, tested afterwards.
package budget

import "sync"

var mu sync.Mutex

func Budget(xs []int) int {
	mu.Lock()
	total := 0
	f0 := false
	if xs[0] > 0 {
		f0 = true
	}
	f1 := false
	if xs[1] > 0 {
		f1 = true
	}
	f2 := false
	if xs[2] > 0 {
		f2 = true
	}
	f3 := false
	if xs[3] > 0 {
		f3 = true
	}
	f4 := false
	if xs[4] > 0 {
		f4 = true
	}
	f5 := false
	if xs[5] > 0 {
		f5 = true
	}
	f6 := false
	if xs[6] > 0 {
		f6 = true
	}
	f7 := false
	if xs[7] > 0 {
		f7 = true
	}
	f8 := false
	if xs[8] > 0 {
		f8 = true
	}
	f9 := false
	if xs[9] > 0 {
		f9 = true
	}
	f10 := false
	if xs[10] > 0 {
		f10 = true
	}
	f11 := false
	if xs[11] > 0 {
		f11 = true
	}
	f12 := false
	if xs[12] > 0 {
		f12 = true
	}
	f13 := false
	if xs[13] > 0 {
		f13 = true
	}
	f14 := false
	if xs[14] > 0 {
		f14 = true
	}
	f15 := false
	if xs[15] > 0 {
		f15 = true
	}
	if f0 {
		total += 0
	}
	if f1 {
		total += 1
	}
	if f2 {
		total += 2
	}
	if f3 {
		total += 3
	}
	if f4 {
		total += 4
	}
	if f5 {
		total += 5
	}
	if f6 {
		total += 6
	}
	if f7 {
		total += 7
	}
	if f8 {
		total += 8
	}
	if f9 {
		total += 9
	}
	if f10 {
		total += 10
	}
	if f11 {
		total += 11
	}
	if f12 {
		total += 12
	}
	if f13 {
		total += 13
	}
	if f14 {
		total += 14
	}
	if f15 {
		total += 15
	}
	if total > 100 {
		return total
	}
	mu.Unlock()
	return 0
}
