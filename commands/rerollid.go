package commands

import (
	"errors"
	"strconv"
	"strings"
)

// Re-roll buttons carry the whole roll in their custom_id (SPEC §4.5), so a click works after a
// restart and on any replica:
//
//	qr:<quickroll>:<character>:<difficulty>:<desperation>:<h|p>:<owner discord id>
//	rl:<pool>:<character or ->:<difficulty>:<desperation>:<h|p>:<owner discord id>
//
// Ids are stored compacted (lower case, hyphens dropped) so that two 36-character UUIDs and a
// 20-digit snowflake still fit Discord's 100 characters. The ids in a custom_id are untrusted:
// a click resolves them only within the clicker's own lists, like a command option.
const (
	prefixQuickrollReroll = "qr"
	prefixRollReroll      = "rl"
	maxCustomID           = 100
	maxIDToken            = 36
	maxSnowflake          = 20
	noCharacter           = "-"
)

var errBadRerollID = errors.New("malformed re-roll id")

// rerollSpec is the roll a Re-roll button repeats.
type rerollSpec struct {
	Kind        string // prefixQuickrollReroll or prefixRollReroll
	Quickroll   string // compact quickroll id (qr)
	Pool        int    // dice pool (rl)
	Character   string // compact character id; noCharacter for an rl roll without one
	Difficulty  int
	Desperation int
	Hidden      bool
	Owner       string // Discord id of the roller
}

// compactID is the form of an id stored in a custom_id.
func compactID(id string) string { return strings.ToLower(strings.ReplaceAll(id, "-", "")) }

// sameID reports whether a full id matches a compact token from a custom_id.
func sameID(id, token string) bool { return token != "" && compactID(id) == token }

// customID encodes the spec; "" when it cannot be encoded within Discord's limit.
func (s rerollSpec) customID() string {
	vis := "p"
	if s.Hidden {
		vis = "h"
	}
	first := s.Quickroll
	if s.Kind == prefixRollReroll {
		first = strconv.Itoa(s.Pool)
	}
	id := strings.Join([]string{s.Kind, first, s.Character, strconv.Itoa(s.Difficulty),
		strconv.Itoa(s.Desperation), vis, s.Owner}, ":")
	if _, err := parseRerollID(id); err != nil || len(id) > maxCustomID {
		return ""
	}
	return id
}

// parseRerollID decodes and bounds-checks a Re-roll custom_id.
func parseRerollID(id string) (rerollSpec, error) {
	parts := strings.Split(id, ":")
	if len(id) > maxCustomID || len(parts) != 7 {
		return rerollSpec{}, errBadRerollID
	}
	s := rerollSpec{Kind: parts[0], Character: parts[2], Owner: parts[6]}
	var ok bool
	switch s.Kind {
	case prefixQuickrollReroll:
		s.Quickroll = parts[1]
		ok = isIDToken(s.Quickroll) && isIDToken(s.Character)
	case prefixRollReroll:
		s.Pool, ok = boundedInt(parts[1], 1, maxPool)
		ok = ok && (s.Character == noCharacter || isIDToken(s.Character))
	}
	diff, okDiff := boundedInt(parts[3], 1, maxDifficulty)
	desp, okDesp := boundedInt(parts[4], 0, maxDesperation)
	s.Difficulty, s.Desperation = diff, desp
	switch parts[5] {
	case "h":
		s.Hidden = true
	case "p":
	default:
		ok = false
	}
	if !ok || !okDiff || !okDesp || !isSnowflake(s.Owner) {
		return rerollSpec{}, errBadRerollID
	}
	return s, nil
}

// boundedInt parses a canonical decimal integer within [lo, hi].
func boundedInt(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(n) != s || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// isIDToken reports whether s is a compact id as compactID makes it.
func isIDToken(s string) bool {
	if s == "" || len(s) > maxIDToken {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '_') {
			return false
		}
	}
	return true
}

// isSnowflake reports whether s looks like a Discord id (digits only).
func isSnowflake(s string) bool {
	if s == "" || len(s) > maxSnowflake {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// rerollHidden is the route option of Re-roll clicks: the button says whether the roll was private.
func rerollHidden(id string) bool {
	s, err := parseRerollID(id)
	return err == nil && s.Hidden
}
