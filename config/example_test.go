package config

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const examplePath = "../config.example.toml"

func TestExampleParsesStrictlyWithTheDefaults(t *testing.T) {
	cfg, err := Load(examplePath, nil)
	require.NoError(t, err)

	def := Default()
	assert.Equal(t, def.Discord, cfg.Discord)
	assert.Equal(t, def.Valentina, cfg.Valentina)
	assert.Equal(t, def.Redis, cfg.Redis)
	assert.Equal(t, def.HTTP, cfg.HTTP)
	assert.Equal(t, def.Log, cfg.Log)
	require.Len(t, cfg.Guilds, 1, "one active [[guilds]] block; the second is commented out")
	assert.Equal(t, DefaultGuild(), cfg.Guilds[0])
	assert.NoError(t, cfg.Validate(""), "the example's values are well-formed")
}

func TestExampleNeedsFillingInBeforeRun(t *testing.T) {
	cfg, err := Load(examplePath, nil)
	require.NoError(t, err)

	err = cfg.Validate(CmdRun)

	require.Error(t, err)
	for _, key := range []string{"valentina.api_key", "discord.token", "guilds[0].id", "guilds[0].company_id"} {
		assert.Contains(t, err.Error(), key+":")
	}
}

// TestExampleDocumentsEveryKey walks the Config struct's toml tags: each key
// must be set in its table of the example, with a comment line just above it.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")

	ct := reflect.TypeFor[Config]()
	for i := range ct.NumField() {
		section := ct.Field(i)
		table := tomlName(section)
		header := "[" + table + "]"
		if section.Type.Kind() == reflect.Slice {
			header = "[[" + table + "]]"
		}
		assert.Contains(t, lines, header, "table %s", header)

		st := section.Type
		if st.Kind() == reflect.Slice {
			st = st.Elem()
		}
		for j := range st.NumField() {
			key := tomlName(st.Field(j))
			n := lineOf(data, table, key)
			if !assert.NotZero(t, n, "%s.%s is missing from %s", table, key, examplePath) {
				continue
			}
			assert.True(t, n >= 2 && strings.HasPrefix(strings.TrimSpace(lines[n-2]), "#"),
				"%s.%s (line %d) needs a comment above it", table, key, n)
		}
	}
}

func TestExampleMentionsTheSecretVariables(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	for _, v := range []string{"NOIRBOT_DISCORD_TOKEN", "NOIRBOT_VALENTINA_API_KEY", "NOIRBOT_REDIS_URL"} {
		assert.Contains(t, string(data), v)
	}
}
