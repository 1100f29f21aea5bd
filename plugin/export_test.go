package plugin

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// NewForSuite is New over another suite, for checks with flags.
func NewForSuite(suite []*analysis.Analyzer, settings any) (register.LinterPlugin, error) {
	return newPlugin(suite, settings)
}
