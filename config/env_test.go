package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestEnvOverridesEveryScalarKey(t *testing.T) {
	env := map[string]string{
		"NOIRBOT_DISCORD_TOKEN":              "env-token",
		"NOIRBOT_DISCORD_APPLICATION_ID":     "999",
		"NOIRBOT_DISCORD_PUBLIC_KEY":         testPublicKey,
		"NOIRBOT_DISCORD_GATEWAY":            "false",
		"NOIRBOT_DISCORD_SHARD_ID":           "2",
		"NOIRBOT_DISCORD_SHARD_COUNT":        "4",
		"NOIRBOT_DISCORD_INTERACTIONS_ADDR":  ":8080",
		"NOIRBOT_DISCORD_API_URL":            "http://proxy",
		"NOIRBOT_DISCORD_DEFER_AFTER":        "1s",
		"NOIRBOT_DISCORD_REGISTER_GUILD":     "42",
		"NOIRBOT_DISCORD_CLIENT_SECRET":      "env-client-secret",
		"NOIRBOT_DISCORD_OAUTH_REDIRECT_URL": "https://bot.example.com/oauth/discord/callback",
		"NOIRBOT_VALENTINA_BASE_URL":         "http://valentina-emulator:8000",
		"NOIRBOT_VALENTINA_API_KEY":          "env-key",
		"NOIRBOT_VALENTINA_TIMEOUT":          "2s",
		"NOIRBOT_VALENTINA_MAX_RETRIES":      " 5 ",
		"NOIRBOT_VALENTINA_API_VERSION":      "v1",
		"NOIRBOT_REDIS_URL":                  "redis://redis:6379/0",
		"NOIRBOT_REDIS_KEY_PREFIX":           "p",
		"NOIRBOT_REDIS_CACHE_TTL":            "30s",
		"NOIRBOT_REDIS_IDENTITY_TTL":         "10m",
		"NOIRBOT_HTTP_ADDR":                  ":9090",
		"NOIRBOT_LOG_LEVEL":                  "debug",
		"NOIRBOT_LOG_FORMAT":                 "text",
	}
	require.Len(t, env, len(EnvVars()), "the test covers every variable")
	doc := "[discord]\ntoken = \"file-token\"\ngateway = true\n[valentina]\napi_key = \"file-key\"\n"

	cfg, err := Parse([]byte(doc), envMap(env))
	require.NoError(t, err)

	assert.Equal(t, Discord{
		Token: "env-token", ApplicationID: "999", PublicKey: testPublicKey, Gateway: false, ShardID: 2, ShardCount: 4,
		InteractionsAddr: ":8080", APIURL: "http://proxy", DeferAfter: Duration{time.Second}, RegisterGuild: "42",
		ClientSecret: "env-client-secret", OAuthRedirectURL: "https://bot.example.com/oauth/discord/callback",
	}, cfg.Discord)
	assert.Equal(t, Valentina{BaseURL: "http://valentina-emulator:8000", APIKey: "env-key", Timeout: Duration{2 * time.Second}, MaxRetries: 5, APIVersion: "v1"}, cfg.Valentina)
	assert.Equal(t, Redis{URL: "redis://redis:6379/0", KeyPrefix: "p", CacheTTL: Duration{30 * time.Second}, IdentityTTL: Duration{10 * time.Minute}}, cfg.Redis)
	assert.Equal(t, HTTP{Addr: ":9090"}, cfg.HTTP)
	assert.Equal(t, Log{Level: "debug", Format: "text"}, cfg.Log)
}

func TestEnvLeavesUnsetAndEmptyVariablesAlone(t *testing.T) {
	doc := "[discord]\ntoken = \"file-token\"\n[http]\naddr = \":1\"\n"
	cfg, err := Parse([]byte(doc), envMap(map[string]string{"NOIRBOT_DISCORD_TOKEN": "", "NOIRBOT_LOG_LEVEL": "  "}))
	require.NoError(t, err)
	assert.Equal(t, "file-token", cfg.Discord.Token.Reveal())
	assert.Equal(t, ":1", cfg.HTTP.Addr)
	assert.Equal(t, "info", cfg.Log.Level)
}

func TestEnvDoesNotReachGuilds(t *testing.T) {
	cfg, err := Parse([]byte("[[guilds]]\nid = \"1\"\n"), envMap(map[string]string{"NOIRBOT_GUILDS_ID": "2"}))
	require.NoError(t, err)
	assert.Equal(t, "1", cfg.Guilds[0].ID)
}

func TestEnvBadValuesNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"a boolean", map[string]string{"NOIRBOT_DISCORD_GATEWAY": "maybe"}, `NOIRBOT_DISCORD_GATEWAY: "maybe" is not a boolean (use true or false)`},
		{"an integer", map[string]string{"NOIRBOT_DISCORD_SHARD_COUNT": "two"}, `NOIRBOT_DISCORD_SHARD_COUNT: "two" is not an integer`},
		{"a duration", map[string]string{"NOIRBOT_REDIS_CACHE_TTL": "5"}, `NOIRBOT_REDIS_CACHE_TTL: "5" is not a duration (write it like "10s" or "1500ms")`},
		{"two at once, one line each", map[string]string{"NOIRBOT_VALENTINA_MAX_RETRIES": "3.5", "NOIRBOT_VALENTINA_TIMEOUT": "soon"},
			"NOIRBOT_VALENTINA_TIMEOUT: \"soon\" is not a duration (write it like \"10s\" or \"1500ms\")\nNOIRBOT_VALENTINA_MAX_RETRIES: \"3.5\" is not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(nil, envMap(tt.env))
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestEnvVarNames(t *testing.T) {
	assert.Equal(t, "NOIRBOT_DISCORD_TOKEN", EnvVar("discord", "token"))
	assert.Contains(t, EnvVars(), "NOIRBOT_VALENTINA_API_KEY")
	assert.Contains(t, EnvVars(), "NOIRBOT_REDIS_URL")
	assert.Contains(t, EnvVars(), "NOIRBOT_HTTP_ADDR")
}
