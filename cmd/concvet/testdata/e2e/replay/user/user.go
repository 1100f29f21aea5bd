// Package user imports dep, so that vetting it vets dep as a dependency.
package user

import "example.com/e2e/replay/dep"

func Run() { dep.Count(2) }
