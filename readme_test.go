package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/metrics"
	"github.com/noirbot/noirbot/vclient"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// exampleKeys lists the keys set in config.example.toml as "section.key" ("guilds.id" for
// [[guilds]]), in file order, with their values as written; commented-out lines are not keys.
func exampleKeys(t *testing.T) (keys []string, values map[string]string) {
	t.Helper()
	values = map[string]string{}
	section := ""
	for line := range strings.Lines(readFile(t, "config.example.toml")) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			key, value, ok := strings.Cut(line, "=")
			require.True(t, ok, "unexpected line %q", line)
			if k := section + "." + strings.TrimSpace(key); !slices.Contains(keys, k) {
				keys = append(keys, k)
				values[k] = strings.TrimSpace(value)
			}
		}
	}
	return keys, values
}

// readmeConfigKeys lists the keys of the README's configuration reference table with the
// defaults it gives.
func readmeConfigKeys(readme string) (keys []string, defaults map[string]string) {
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+\\.[a-z_]+)` \\| `([^`]*)` \\| ")
	defaults = map[string]string{}
	for _, m := range row.FindAllStringSubmatch(readme, -1) {
		keys = append(keys, m[1])
		defaults[m[1]] = m[2]
	}
	return keys, defaults
}

func TestReadmeConfigurationReferenceMatchesTheExample(t *testing.T) {
	readme := readFile(t, "README.md")
	example, values := exampleKeys(t)
	require.NotEmpty(t, example)
	documented, defaults := readmeConfigKeys(readme)
	assert.Equal(t, example, documented,
		"README's configuration table must list exactly config.example.toml's keys, in its order")
	assert.Equal(t, values, defaults, "README's defaults are the example's values")
	for _, key := range example {
		if !strings.HasPrefix(key, "guilds.") {
			env := "NOIRBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
			assert.Contains(t, readme, "| `"+key+"` | `"+values[key]+"` | `"+env+"` |", "%s's row names its variable", key)
		}
	}
}

func TestReadmeShowsTheTwoCommandsAndTheCLI(t *testing.T) {
	readme := readFile(t, "README.md")
	assert.Contains(t, readme, "make demo")
	assert.Contains(t, readme, "make test")
	assert.Contains(t, readme, "```\n"+usageText+"```", "the README quotes `noirbot -h` verbatim")
	for _, name := range []string{`"Sandbox"`, `"Chicago by Night"`, "Ada", "Sam", "Alice", "Bob",
		`"Mara Voss"`, `"Dmitri Kale"`, `"Strength + Brawl"`, `"Dexterity + Firearms"`} {
		assert.Contains(t, readme, name, "demo data")
	}
}

func TestReadmeListsEveryMetric(t *testing.T) {
	m := metrics.New()
	m.Interaction("/help", "ok", time.Millisecond, false)
	m.Duplicate()
	m.DiscordRateLimited("route")
	m.CacheHit("f")
	m.CacheMiss("f")
	m.CacheError("op", nil)
	m.FailOpen("op")
	m.VClientObserver()(vclient.RequestEvent{Route: "GET /health", Status: 200, Attempt: 1})
	families, err := m.Registry().Gather()
	require.NoError(t, err)

	readme := readFile(t, "README.md")
	var names []string
	for _, f := range families {
		if name := f.GetName(); strings.HasPrefix(name, "noirbot_") {
			names = append(names, name)
			assert.Contains(t, readme, "| `"+name+"` |", "README's metrics table")
		}
	}
	assert.Len(t, names, 11)
}
