// Package dirty has directives that need attention whatever checks the
// suite holds: they name no check, no reason or a check that does not exist.
package dirty

//concvet:ignore nosuchcheck this check does not exist
func A() {}

func B() {
	//concvet:ignore nosuchcheck
	A()
}

func C() {
	A() //concvet:ignore
}
