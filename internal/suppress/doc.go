// Package suppress lets a //concvet:ignore directive silence a concvet check
// in every driver: standalone concvet, go vet -vettool, golangci-lint and any
// other go/analysis driver. go vet has no suppression mechanism of its own, so
// the suite carries one.
//
// # Directives
//
// A directive names one or more checks and says why the finding is wrong:
//
//	//concvet:ignore wgadd the counter is incremented by the caller
//	wg.Add(1)
//
//	go worker(&wg) //concvet:ignore wgadd,chanleak worker is joined in Close
//
// A directive silences the named checks' findings on its own line, and, when
// it stands alone on its line, on the line below. The reason is required: a
// directive without one silences nothing. Directives in generated files are
// not read.
//
// # The ignore analyzer
//
// Wrap returns the suite's checks wrapped so that they honour directives,
// followed by an analyzer named ignore that reports directives that need
// attention:
//
//   - a directive that silenced nothing, for example because the code was
//     fixed or the check improved; the suggested fix deletes it;
//   - a directive with no reason;
//   - a directive that names a check that is not in the suite.
//
// Wrapping also prefixes each message with the check's name
// ("wgadd: ..."), because go vet and golangci-lint print only the message
// and a finding must say which check to name in a directive.
package suppress

const doc = `report //concvet:ignore directives that silence nothing, lack a reason or name an unknown check

A //concvet:ignore <check>[,<check>...] <reason> directive silences the named
checks on its own line or, when alone on its line, on the line below.
The ignore analyzer reports each directive that silenced nothing (with a fix
that deletes it), that has no reason (and so silences nothing), or that names a
check that is not in the suite. Directives in generated files are not read.`
