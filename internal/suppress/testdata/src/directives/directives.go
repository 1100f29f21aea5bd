// Package directives checks what the ignore analyzer reports; only its
// findings are expected here.
package directives

func f() {}

func sameLine() {
	go f() //concvet:ignore gostmt f returns at once
}

func lineAbove() {
	//concvet:ignore gostmt f returns at once
	go f()
}

func twoChecksBothUsed() {
	//concvet:ignore deferstmt,gostmt both are harmless here
	go func() { defer f() }()
}

func missingReason() {
	// want +1 `^ignore: concvet:ignore directive has no reason, so it silences nothing: say after the check name why the finding is wrong$`
	//concvet:ignore gostmt
	go f()
}

func unknownCheck() {
	// want +1 `^ignore: concvet:ignore directive names unknown check "gostm": known checks are deferstmt, gostmt$`
	//concvet:ignore gostm,deferstmt a typo in the first name
	go func() { defer f() }()
}

func noCheck() {
	// want +1 `^ignore: concvet:ignore directive names no check: write //concvet:ignore <check> <reason>$`
	//concvet:ignore
	f()
}

func unused() {
	// want +1 `^ignore: concvet:ignore directive for gostmt silences nothing: remove it$`
	//concvet:ignore gostmt the goroutine was removed
	f()
}

func unusedTrailing() {
	// want +1 `^ignore: concvet:ignore directive for deferstmt,gostmt silences nothing: remove it$`
	f() //concvet:ignore deferstmt,gostmt nothing is left to silence
}

func otherCheck() {
	// want +1 `^ignore: concvet:ignore directive for deferstmt silences nothing: remove it$`
	//concvet:ignore deferstmt names the wrong check
	go f()
}

func partlyUsed() {
	// want +1 `^ignore: concvet:ignore directive for deferstmt silences nothing: remove deferstmt from it$`
	//concvet:ignore gostmt,deferstmt only the go statement is here
	go f()
}
