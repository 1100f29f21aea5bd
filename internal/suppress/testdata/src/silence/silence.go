// Package silence checks which findings of the wrapped gostmt check
// directives silence; only gostmt's findings are expected here.
package silence

func f() {}

func sameLine() {
	go f() //concvet:ignore gostmt f returns at once
}

func lineAbove() {
	//concvet:ignore gostmt f returns at once
	go f()
}

func twoChecks() {
	//concvet:ignore deferstmt,gostmt both are harmless here
	go func() { defer f() }()
}

func trailingCoversOnlyItsLine() {
	go f() //concvet:ignore gostmt this line only
	go f() // want `^gostmt: go statement$`
}

func twoLinesAbove() {
	//concvet:ignore gostmt too far away

	go f() // want `^gostmt: go statement$`
}

func missingReason() {
	// want +1 `^gostmt: go statement$`
	go f() //concvet:ignore gostmt
}

func otherCheck() {
	//concvet:ignore deferstmt names the wrong check
	go f() // want `^gostmt: go statement$`
}

func notADirective() {
	//concvet:ignored gostmt not the directive's spelling
	go f() // want `^gostmt: go statement$`
}

func multiLine() {
	//concvet:ignore gostmt the finding is on the go keyword's line
	go func() {
		f()
	}()
}
