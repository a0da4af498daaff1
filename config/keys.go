package config

import (
	"bufio"
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// field is one scalar key of a section, found through the struct's toml tags.
type field struct {
	section, key string
	index        []int // reflect field index path from Config
	typ          reflect.Type
}

var durationType = reflect.TypeFor[Duration]()

// sectionFields lists every key of the tables outside [[guilds]], in struct order.
func sectionFields() []field {
	var out []field
	ct := reflect.TypeFor[Config]()
	for i := range ct.NumField() {
		sf := ct.Field(i)
		if sf.Type.Kind() != reflect.Struct {
			continue
		}
		for j := range sf.Type.NumField() {
			f := sf.Type.Field(j)
			out = append(out, field{section: tomlName(sf), key: tomlName(f), index: []int{i, j}, typ: f.Type})
		}
	}
	return out
}

// tableKeys returns the keys a table accepts: "" for the top level, a section
// name, or "guilds".
func tableKeys(table string) []string {
	t := reflect.TypeFor[Config]()
	if table != "" {
		sf, ok := fieldByTag(t, table)
		if !ok {
			return nil
		}
		t = sf.Type
		if t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		keys = append(keys, tomlName(t.Field(i)))
	}
	return keys
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tomlName(t.Field(i)) == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}

// checkDurationTypes reports duration keys given as something other than a
// string (the decoder would report those without naming the key).
func checkDurationTypes(data []byte, raw map[string]any) []Problem {
	var ps []Problem
	for _, f := range sectionFields() {
		if f.typ != durationType {
			continue
		}
		table, _ := raw[f.section].(map[string]any)
		v, ok := table[f.key]
		if !ok {
			continue
		}
		if _, isString := v.(string); isString {
			continue
		}
		ps = append(ps, Problem{
			Key:     f.section + "." + f.key,
			Line:    lineOf(data, f.section, f.key),
			Message: fmt.Sprintf(`expected a duration string such as "10s", found %v`, v),
		})
	}
	return ps
}

// lineOf finds the line of `key = ...` inside [table] by scanning the document
// (0 when not found, for example with dotted keys or inline tables).
func lineOf(data []byte, table, key string) int {
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			header, _, _ := strings.Cut(strings.Trim(line, "[]"), "]")
			current = strings.TrimSpace(strings.Trim(header, "[]"))
			continue
		}
		name, _, found := strings.Cut(line, "=")
		if found && current == table && strings.Trim(strings.TrimSpace(name), `"'`) == key {
			return n
		}
	}
	return 0
}

// suggest returns the known key closest to an unknown one ("" when none is close).
func suggest(path []string) string {
	var table, leaf string
	switch len(path) {
	case 1:
		leaf = path[0]
	case 2:
		table, leaf = path[0], path[1]
	default:
		return ""
	}
	best, bestDist := "", 3
	for _, k := range tableKeys(table) {
		if d := EditDistance(leaf, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	if table == "" || table == "guilds" {
		return best
	}
	return table + "." + best
}

// EditDistance is the Levenshtein distance between a and b, in characters: what "did you
// mean" suggestions rank by, for configuration keys here and for typed names in commands.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// keyName joins a decoder key path, naming the [[guilds]] block by its index
// (counted from the headers above line) so "guilds[1].company" says which one.
func keyName(data []byte, path []string, line int) string {
	name := strings.Join(path, ".")
	if len(path) < 2 || path[0] != "guilds" || line < 1 {
		return name
	}
	blocks := 0
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 >= line {
			break
		}
		if strings.HasPrefix(strings.TrimSpace(l), "[[guilds]]") {
			blocks++
		}
	}
	if blocks == 0 {
		return name
	}
	return fmt.Sprintf("guilds[%d].%s", blocks-1, strings.Join(path[1:], "."))
}
