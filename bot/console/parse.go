package console

import (
	"errors"
	"fmt"
	"strings"
)

// token is one word of a console line: a bare word (a command or
// subcommand name) or an option written key:value.
type token struct {
	Key, Value string
	HasKey     bool
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// tokenize splits a console line the way Discord's chat bar reads a
// slash command: words separated by spaces, options as name:value, values with
// spaces in double quotes ("a \"b\" c"; \\ is a backslash, \n a new line).
func tokenize(line string) ([]token, error) {
	var toks []token
	for i := 0; ; {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i >= len(line) {
			return toks, nil
		}
		start := i
		for i < len(line) && !isSpace(line[i]) && line[i] != ':' && line[i] != '"' {
			i++
		}
		word := line[start:i]
		switch {
		case i < len(line) && line[i] == ':':
			if word == "" {
				return nil, errors.New(`an option name is missing before ":"`)
			}
			val, next, err := readValue(line, i+1)
			if err != nil {
				return nil, fmt.Errorf("option %s: %w", word, err)
			}
			toks = append(toks, token{Key: word, Value: val, HasKey: true})
			i = next
		case i < len(line) && line[i] == '"':
			if word != "" {
				return nil, fmt.Errorf("unexpected quote after %q (write name:\"value\")", word)
			}
			val, next, err := readValue(line, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{Value: val})
			i = next
		default:
			toks = append(toks, token{Value: word})
		}
	}
}

// readValue reads an option value starting at i: a quoted string or
// everything up to the next space. It returns the value and where reading stopped.
func readValue(line string, i int) (string, int, error) {
	if i >= len(line) || line[i] != '"' {
		start := i
		for i < len(line) && !isSpace(line[i]) {
			i++
		}
		return line[start:i], i, nil
	}
	var b strings.Builder
	for i++; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line):
			i++
			switch e := line[i]; e {
			case '"', '\\':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case c == '"':
			if i+1 < len(line) && !isSpace(line[i+1]) {
				return "", 0, fmt.Errorf("unexpected %q after a closing quote", line[i+1:])
			}
			return b.String(), i + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("missing closing quote")
}

// quote writes v so that tokenize reads it back unchanged.
func quote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}
