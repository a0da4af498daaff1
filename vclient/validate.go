package vclient

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The helpers below return a *RequestValidationError naming the field, or nil.

func invalid(field, format string, args ...any) error {
	return &RequestValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// requireIDs checks that every (field, id) pair has a non-empty id.
func requireIDs(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return invalid(pairs[i], "is required")
		}
	}
	return nil
}

// checkLen checks that s, without surrounding whitespace, has minLen..maxLen characters
// (maxLen 0 = no upper bound).
func checkLen(field, s string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case maxLen > 0 && (n < minLen || n > maxLen):
		return invalid(field, "must be %d to %d characters, got %d", minLen, maxLen, n)
	case n < minLen:
		return invalid(field, "must be at least %d characters, got %d", minLen, n)
	}
	return nil
}

func checkEmail(field, s string) error {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t\n") {
		return invalid(field, "must be an email address")
	}
	return nil
}

func checkAmount(amount int) error {
	if amount < 1 {
		return invalid("amount", "must be at least 1, got %d", amount)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
