package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLineOfFindsAKeyInItsTable(t *testing.T) {
	doc := []byte(`# header
[discord] # the bot
token = ""
  defer_after = "1s"

[valentina]
timeout="1s"
"max_retries" = 2
# timeout = "5s"
[[guilds]]   # first
id = "1"
`)
	tests := []struct {
		table, key string
		want       int
	}{
		{"discord", "token", 3},
		{"discord", "defer_after", 4},
		{"valentina", "timeout", 7},
		{"valentina", "max_retries", 8},
		{"guilds", "id", 11},
		{"valentina", "token", 0},
		{"redis", "url", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, lineOf(doc, tt.table, tt.key), "%s.%s", tt.table, tt.key)
	}
}

func TestSuggestOnlyCloseKeys(t *testing.T) {
	assert.Equal(t, "discord.application_id", suggest([]string{"discord", "aplication_id"}))
	assert.Equal(t, "valentina", suggest([]string{"valentna"}))
	assert.Equal(t, "", suggest([]string{"discord", "colour"}))
	assert.Equal(t, "", suggest([]string{"discord", "a", "b"}))
}
