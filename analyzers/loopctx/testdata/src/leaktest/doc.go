// Package leaktest holds tests whose goroutines outlive them.
package leaktest
