package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEmptyDocumentGivesSpecDefaults(t *testing.T) {
	cfg, err := Parse(nil, nil)
	require.NoError(t, err)

	assert.True(t, cfg.Discord.Gateway)
	assert.Equal(t, 0, cfg.Discord.ShardID)
	assert.Equal(t, 1, cfg.Discord.ShardCount)
	assert.Equal(t, 1500*time.Millisecond, cfg.Discord.DeferAfter.Duration)
	assert.Equal(t, "https://api.valentina-noir.com", cfg.Valentina.BaseURL)
	assert.Equal(t, 10*time.Second, cfg.Valentina.Timeout.Duration)
	assert.Equal(t, 3, cfg.Valentina.MaxRetries)
	assert.Equal(t, "v2", cfg.Valentina.APIVersion, "the hosted API speaks contract v2")
	assert.Equal(t, Secret(""), cfg.Redis.URL)
	assert.Equal(t, "noirbot", cfg.Redis.KeyPrefix)
	assert.Equal(t, 5*time.Minute, cfg.Redis.CacheTTL.Duration)
	assert.Equal(t, time.Hour, cfg.Redis.IdentityTTL.Duration)
	assert.Equal(t, "127.0.0.1:9090", cfg.HTTP.Addr)
	assert.Equal(t, Log{Level: "info", Format: "json"}, cfg.Log)
	assert.Empty(t, cfg.Guilds)
	assert.Equal(t, Default(), cfg)
}

func TestParseReadsEveryKey(t *testing.T) {
	doc := `
[discord]
token = "tok"
application_id = "111"
public_key = "` + testPublicKey + `"
gateway = false
shard_id = 1
shard_count = 2
interactions_addr = ":8080"
api_url = "http://proxy:8000"
defer_after = "500ms"
register_guild = "222"

[valentina]
base_url = "http://valentina:8000"
api_key = "key"
timeout = "3s"
max_retries = 0
api_version = "v1"

[redis]
url = "redis://redis:6379/0"
key_prefix = "nb"
cache_ttl = "1m"
identity_ttl = "2h"

[http]
addr = ":9090"

[log]
level = "debug"
format = "text"

[[guilds]]
id = "333"
company_id = "c1"
default_campaign_id = "camp"
audit_channel_id = "444"
xp_policy = "company"
max_xp_per_command = 7

[[guilds]]
id = "555"
company_id = "c2"
`
	cfg, err := Parse([]byte(doc), nil)
	require.NoError(t, err)

	assert.Equal(t, Discord{
		Token: "tok", ApplicationID: "111", PublicKey: testPublicKey, Gateway: false, ShardID: 1, ShardCount: 2,
		InteractionsAddr: ":8080", APIURL: "http://proxy:8000", DeferAfter: Duration{500 * time.Millisecond}, RegisterGuild: "222",
	}, cfg.Discord)
	assert.Equal(t, Valentina{BaseURL: "http://valentina:8000", APIKey: "key", Timeout: Duration{3 * time.Second}, MaxRetries: 0, APIVersion: "v1"}, cfg.Valentina)
	assert.Equal(t, Redis{URL: "redis://redis:6379/0", KeyPrefix: "nb", CacheTTL: Duration{time.Minute}, IdentityTTL: Duration{2 * time.Hour}}, cfg.Redis)
	assert.Equal(t, HTTP{Addr: ":9090"}, cfg.HTTP)
	assert.Equal(t, Log{Level: "debug", Format: "text"}, cfg.Log)
	assert.Equal(t, []Guild{
		{ID: "333", CompanyID: "c1", DefaultCampaignID: "camp", AuditChannelID: "444", XPPolicy: "company", MaxXPPerCommand: 7},
		{ID: "555", CompanyID: "c2", XPPolicy: "storyteller", MaxXPPerCommand: 100},
	}, cfg.Guilds, "the second block takes the guild defaults")
	require.NoError(t, cfg.Validate(CmdRun))
}

func TestParseKeepsAnExplicitZeroMaxXP(t *testing.T) {
	cfg, err := Parse([]byte("[[guilds]]\nid = \"1\"\ncompany_id = \"c\"\nmax_xp_per_command = 0\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, 0, cfg.Guilds[0].MaxXPPerCommand)
	assert.ErrorContains(t, cfg.Validate(""), "guilds[0].max_xp_per_command: must be 1 or more, got 0")
}

func TestParseNamesUnknownKeysAndTheirLines(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"a typo in [discord] on line 3", "# noirbot\n[discord]\ntokn = \"x\"\n",
			[]string{"line 3: discord.tokn: unknown key (did you mean discord.token?)"}},
		{"an unknown key after valid ones", "[valentina]\nbase_url = \"http://x\"\n\napi_key = \"k\"\nretries = 2\n",
			[]string{"line 5: valentina.retries: unknown key"}},
		{"a misspelt table", "[discord]\ngateway = true\n\n[reddis]\nurl = \"\"\n",
			[]string{"line 4: reddis: unknown table (did you mean redis?)"}},
		{"a typo in the second [[guilds]] block", "[[guilds]]\nid = \"1\"\n[[guilds]]\nid = \"2\"\ncompany = \"c\"\n",
			[]string{"line 5: guilds[1].company: unknown key"}},
		{"a typo in the first [[guilds]] block", "[[guilds]]\nid = \"1\"\nxp_polcy = \"company\"\n[[guilds]]\nid = \"2\"\n",
			[]string{"line 3: guilds[0].xp_polcy: unknown key (did you mean xp_policy?)"}},
		{"several unknown keys, each with its line", "[log]\nlevl = \"info\"\nformat = \"json\"\n[http]\nadr = \":1\"\n",
			[]string{"line 2: log.levl: unknown key (did you mean log.level?)", "line 5: http.adr: unknown key (did you mean http.addr?)"}},
		{"an unknown top-level key", "debug = true\n", []string{"line 1: debug: unknown key"}},
		{"an indented key", "[redis]\n   key_prefixx = \"a\"\n", []string{"line 2: redis.key_prefixx: unknown key (did you mean redis.key_prefix?)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), nil)
			require.Error(t, err)
			assert.Equal(t, joinLines(tt.want), err.Error())
		})
	}
}

func TestParseNamesMalformedValues(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"a duration that does not parse", "[discord]\ndefer_after = \"1.5 seconds\"\n",
			`line 2: discord.defer_after: "1.5 seconds" is not a duration (write it like "10s" or "1500ms")`},
		{"a duration written as a number", "[valentina]\n\ntimeout = 10\n",
			`line 3: valentina.timeout: expected a duration string such as "10s", found 10`},
		{"a string for a boolean", "[discord]\ngateway = \"yes\"\n", "line 2: discord.gateway: expected true or false, found a TOML string"},
		{"a string for an integer", "[valentina]\nmax_retries = \"3\"\n", "line 2: valentina.max_retries: expected an integer, found a TOML string"},
		{"a number for a secret", "[discord]\ntoken = 12\n", "line 2: discord.token: expected a quoted string, found a TOML integer"},
		{"a syntax error", "[discord\ntoken = \"\"\n", "line 1: expected ']' to close table name"},
		{"a key given twice", "[log]\nlevel = \"info\"\nlevel = \"debug\"\n", "line 3: level: key level is already defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), nil)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[discord]\n\ntokn = \"x\"\n"), 0o600))

	_, err := Load(path, nil)

	assert.EqualError(t, err, path+", line 3: discord.tokn: unknown key (did you mean discord.token?)")
}

func TestLoadEnvironmentProblemsDoNotBlameTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[log]\nlevel = \"info\"\n"), 0o600))

	_, err := Load(path, envMap(map[string]string{"NOIRBOT_LOG_LEVEL": "debug", "NOIRBOT_HTTP_ADDR": ":1", "NOIRBOT_DISCORD_GATEWAY": "nope"}))

	assert.EqualError(t, err, `NOIRBOT_DISCORD_GATEWAY: "nope" is not a boolean (use true or false)`)
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "absent.toml"), nil)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestGuildLookup(t *testing.T) {
	cfg := &Config{Guilds: []Guild{{ID: "1", CompanyID: "a"}, {ID: "2", CompanyID: "b"}}}

	g, ok := cfg.Guild("2")
	require.True(t, ok)
	assert.Equal(t, "b", g.CompanyID)
	g.CompanyID = "changed"
	assert.Equal(t, "changed", cfg.Guilds[1].CompanyID, "Guild returns the block itself")

	_, ok = cfg.Guild("3")
	assert.False(t, ok)
}

func TestPublicKeyBytes(t *testing.T) {
	key, err := Discord{PublicKey: testPublicKey}.PublicKeyBytes()
	require.NoError(t, err)
	assert.Len(t, key, 32)
	assert.Equal(t, byte(0xd7), key[0])

	for _, bad := range []string{"", "abc", testPublicKey[:62] + "zz", testPublicKey + "00"} {
		_, err := Discord{PublicKey: bad}.PublicKeyBytes()
		assert.Error(t, err, bad)
	}
}

// testPublicKey is RFC 8032's first Ed25519 test public key.
const testPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

func joinLines(lines []string) string {
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}

func TestParseReportsAScalarWhereATableBelongs(t *testing.T) {
	_, err := Parse([]byte("discord = 5\n"), nil)
	assert.EqualError(t, err, "line 1: discord: expected a table, found a TOML integer")
}
