package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/config"
)

// lookupError says why a typed id or name did not resolve to exactly one thing.
type lookupError struct {
	what    string // "quickroll", "character", ...
	input   string
	ambig   bool
	matches []string // up to 5 close names
}

// Error is the message the user sees: never a foreign id, close matches for a typed name.
func (e *lookupError) Error() string {
	var b strings.Builder
	if e.input == "" {
		// Discord always sends a required option; an empty one came from a console or a forger.
		return "Choose a " + e.what + "."
	}
	if !e.ambig && looksLikeID(e.input) {
		// An id that is not in the caller's own list: never echo it, never hint at its owner.
		return capitalize(e.what) + " not found."
	}
	if e.ambig {
		fmt.Fprintf(&b, "%q matches several %ss", e.input, e.what)
	} else {
		fmt.Fprintf(&b, "No %s called %q", e.what, e.input)
	}
	if len(e.matches) > 0 {
		if e.ambig {
			b.WriteString(": ")
		} else {
			b.WriteString(". Close matches: ")
		}
		b.WriteString(strings.Join(e.matches, ", "))
	}
	b.WriteString(".")
	return b.String()
}

// unresolved is the private answer when an option did not resolve within the caller's own
// list: "<What> not found." for an id, or the typed name's close matches.
func unresolved(err error) *bot.Response {
	r := userError("%s", err.Error())
	r.Outcome = outcomeNotFound
	return r
}

// byToken finds the item whose id a custom_id carries, in full or compacted (see compactID),
// within the caller's own items; a custom_id never carries a name.
func byToken[T any](items []T, id func(T) string, token string) (*T, bool) {
	for i := range items {
		if token != "" && (id(items[i]) == token || sameID(id(items[i]), token)) {
			return &items[i], true
		}
	}
	return nil, false
}

// findByIDOrName resolves an option value against the caller's own list: the id chosen from
// autocomplete, else a typed name (case-insensitive exact match, then unique prefix). Nothing
// outside items can ever be returned: that is the "ids are untrusted" rule.
func findByIDOrName[T any](what, input string, items []T, id, name func(T) string) (T, error) {
	var zero T
	in := strings.TrimSpace(input)
	for _, it := range items {
		if id(it) == in {
			return it, nil
		}
	}
	lower := strings.ToLower(in)
	if exact := filter(items, func(it T) bool { return strings.ToLower(name(it)) == lower }); len(exact) == 1 {
		return exact[0], nil
	} else if len(exact) > 1 {
		return zero, &lookupError{what: what, input: in, ambig: true, matches: names(exact, name)}
	}
	prefix := filter(items, func(it T) bool { return strings.HasPrefix(strings.ToLower(name(it)), lower) })
	switch {
	case len(prefix) == 1 && lower != "":
		return prefix[0], nil
	case len(prefix) > 1 && lower != "":
		return zero, &lookupError{what: what, input: in, ambig: true, matches: names(prefix, name)}
	}
	return zero, &lookupError{what: what, input: in, matches: closeMatches(in, items, name)}
}

// filter keeps the items keep accepts, in order.
func filter[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// names is up to five items' names, each cut to 50 characters.
func names[T any](items []T, name func(T) string) []string {
	out := make([]string, 0, 5)
	for _, it := range items {
		if len(out) == 5 {
			break
		}
		out = append(out, truncate(name(it), 50))
	}
	return out
}

// closeMatches returns up to five names nearest to input: substring matches first, then by
// edit distance.
func closeMatches[T any](input string, items []T, name func(T) string) []string {
	lower := strings.ToLower(input)
	type scored struct {
		name  string
		score int
	}
	var cands []scored
	for _, it := range items {
		n := name(it)
		ln := strings.ToLower(n)
		score := config.EditDistance(lower, ln)
		if lower != "" && strings.Contains(ln, lower) {
			score = -1
		}
		if score <= max(3, len(lower)/2) {
			cands = append(cands, scored{n, score})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score < cands[j].score })
	out := make([]string, 0, 5)
	for _, c := range cands {
		if len(out) == 5 {
			break
		}
		out = append(out, truncate(c.name, 50))
	}
	return out
}

// looksLikeID reports whether an option value is an id (an ObjectId or a UUID, as autocomplete
// sends) rather than a typed name.
func looksLikeID(s string) bool {
	if len(s) != 24 && len(s) != 36 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' || r == '-') {
			return false
		}
	}
	return true
}
