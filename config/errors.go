package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a configuration.
type Problem struct {
	Key     string // "discord.token", "guilds[0].company_id" or an environment variable name
	Line    int    // 1-based line in the file; 0 when unknown or not from the file
	Message string
}

// String formats the problem as one line: "line 3: discord.tokn: unknown key".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error lists every problem found in a configuration, one per line.
type Error struct {
	Source   string // file name, when the problems come from one (set by Load)
	Problems []Problem
}

// Error returns one line per problem; those with a line are prefixed with the file name.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
		if e.Source != "" && p.Line > 0 {
			lines[i] = e.Source + ", " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems; err returns nil when there are none.
type problems []Problem

func (ps *problems) add(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Problems: ps}
}
