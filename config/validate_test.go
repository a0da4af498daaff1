package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const redirectURL = "https://bot.example.com/oauth/discord/callback"

// runnable returns a configuration that `run` accepts in both modes.
func runnable() *Config {
	cfg := Default()
	cfg.Discord.Token = "tok"
	cfg.Discord.ApplicationID = "111"
	cfg.Discord.PublicKey = testPublicKey
	cfg.Discord.InteractionsAddr = ":8080"
	cfg.Valentina.APIKey = "key"
	cfg.Guilds = []Guild{{ID: "1", CompanyID: "c1", XPPolicy: "storyteller", MaxXPPerCommand: 100}}
	return cfg
}

func TestValidateAcceptsGoodConfigs(t *testing.T) {
	tests := []struct {
		name   string
		cmd    string
		modify func(*Config)
	}{
		{"run in both modes", CmdRun, func(*Config) {}},
		{"run gateway only, without public key or application id", CmdRun, func(c *Config) {
			c.Discord.InteractionsAddr, c.Discord.PublicKey, c.Discord.ApplicationID = "", "", ""
		}},
		{"run HTTP only, without a token", CmdRun, func(c *Config) { c.Discord.Gateway, c.Discord.Token = false, "" }},
		{"run with a rediss URL and a unix socket", CmdRun, func(c *Config) { c.Redis.URL = "rediss://:pw@host:6380/1" }},
		{"run with a unix socket", CmdRun, func(c *Config) { c.Redis.URL = "unix:///run/redis.sock" }},
		{"run with defer_after 0s and 2s edges", CmdRun, func(c *Config) { c.Discord.DeferAfter.Duration = 2 * time.Second }},
		{"run with the last shard", CmdRun, func(c *Config) { c.Discord.ShardID, c.Discord.ShardCount = 3, 4 }},
		{"register with only token and application id", CmdRegister, func(c *Config) { *c = *Default(); c.Discord.Token, c.Discord.ApplicationID = "t", "1" }},
		{"link with only valentina", CmdLink, func(c *Config) { *c = *Default(); c.Valentina.APIKey = "k" }},
		{"console with only valentina", CmdConsole, func(c *Config) { *c = *Default(); c.Valentina.APIKey = "k" }},
		{"healthcheck with the defaults", CmdHealthcheck, func(c *Config) { *c = *Default() }},
		{"values only, on the defaults", "", func(c *Config) { *c = *Default() }},
		{"run with self-service linking", CmdRun, func(c *Config) {
			c.Discord.ClientSecret, c.Discord.OAuthRedirectURL = "s3cret", "https://bot.example.com/oauth/discord/callback"
		}},
		{"a redirect URL behind a path prefix on plain http", "", func(c *Config) {
			c.Discord.OAuthRedirectURL = "http://localhost:8080/noirbot/oauth/discord/callback"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := runnable()
			tt.modify(cfg)
			assert.NoError(t, cfg.Validate(tt.cmd))
		})
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	tests := []struct {
		name   string
		cmd    string
		modify func(*Config)
		want   string
	}{
		{"run without the API key", CmdRun, func(c *Config) { c.Valentina.APIKey = "" },
			"valentina.api_key: required by run (or set NOIRBOT_VALENTINA_API_KEY)"},
		{"run without the base URL", CmdRun, func(c *Config) { c.Valentina.BaseURL = "" }, "valentina.base_url: required by run"},
		{"run without guilds", CmdRun, func(c *Config) { c.Guilds = nil },
			"guilds: at least one [[guilds]] block with id and company_id is required by run"},
		{"a guild without id", CmdRun, func(c *Config) { c.Guilds[0].ID = "" }, "guilds[0].id: required by run (the Discord server id)"},
		{"a guild without company", CmdRun, func(c *Config) { c.Guilds[0].CompanyID = "" },
			"guilds[0].company_id: required by run (the Valentina company for this server)"},
		{"a guild id that is not a snowflake", CmdRun, func(c *Config) { c.Guilds[0].ID = "my-server" },
			`guilds[0].id: must be a Discord id (digits only), got "my-server"`},
		{"an audit channel that is not a snowflake", "", func(c *Config) { c.Guilds[0].AuditChannelID = "#audit" },
			`guilds[0].audit_channel_id: must be a Discord id (digits only), got "#audit"`},
		{"an audit channel without a token", CmdRun, func(c *Config) {
			c.Discord.Gateway, c.Discord.Token, c.Guilds[0].AuditChannelID = false, "", "5"
		}, "guilds[0].audit_channel_id: posting to the audit channel needs discord.token"},
		{"duplicate guild ids", CmdRun, func(c *Config) {
			c.Guilds = append(c.Guilds, Guild{ID: "1", CompanyID: "c2", XPPolicy: "company", MaxXPPerCommand: 1})
		},
			"guilds[1].id: duplicate guild id 1 (also guilds[0])"},
		{"an unknown xp policy", "", func(c *Config) { c.Guilds[0].XPPolicy = "anyone" },
			`guilds[0].xp_policy: must be one of storyteller, company, got "anyone"`},
		{"a zero XP cap", "", func(c *Config) { c.Guilds[0].MaxXPPerCommand = 0 }, "guilds[0].max_xp_per_command: must be 1 or more, got 0"},
		{"no mode enabled", CmdRun, func(c *Config) { c.Discord.Gateway, c.Discord.InteractionsAddr = false, "" },
			"discord.gateway: nothing to serve: set discord.gateway = true or discord.interactions_addr"},
		{"gateway without a token", CmdRun, func(c *Config) { c.Discord.Token = "" },
			"discord.token: required when discord.gateway = true (or set NOIRBOT_DISCORD_TOKEN)"},
		{"HTTP without a public key", CmdRun, func(c *Config) { c.Discord.PublicKey = "" },
			"discord.public_key: required when discord.interactions_addr is set"},
		{"HTTP without an application id", CmdRun, func(c *Config) { c.Discord.ApplicationID = "" },
			"discord.application_id: required when discord.interactions_addr is set"},
		{"a public key that is not 64 hex characters", "", func(c *Config) { c.Discord.PublicKey = "abcd" },
			"discord.public_key: must be the 64 hex characters of the application's public key"},
		{"an application id that is not a snowflake", "", func(c *Config) { c.Discord.ApplicationID = "app" },
			`discord.application_id: must be a Discord id (digits only), got "app"`},
		{"a register guild that is not a snowflake", "", func(c *Config) { c.Discord.RegisterGuild = "x" },
			`discord.register_guild: must be a Discord id (digits only), got "x"`},
		{"defer_after above 2s", "", func(c *Config) { c.Discord.DeferAfter.Duration = 2500 * time.Millisecond },
			"discord.defer_after: must be between 0s and 2s, got 2.5s"},
		{"defer_after below 0s", "", func(c *Config) { c.Discord.DeferAfter.Duration = -time.Second },
			"discord.defer_after: must be between 0s and 2s, got -1s"},
		{"shard_id equal to shard_count", "", func(c *Config) { c.Discord.ShardID, c.Discord.ShardCount = 2, 2 },
			"discord.shard_id: must be from 0 to shard_count-1 (1), got 2"},
		{"a negative shard_id", "", func(c *Config) { c.Discord.ShardID = -1 }, "discord.shard_id: must be from 0 to shard_count-1 (0), got -1"},
		{"zero shards", "", func(c *Config) { c.Discord.ShardCount = 0 }, "discord.shard_count: must be 1 or more, got 0"},
		{"a bad interactions address", "", func(c *Config) { c.Discord.InteractionsAddr = "8080" },
			`discord.interactions_addr: must be host:port such as ":8080" or "127.0.0.1:9090", got "8080"`},
		{"interactions on the admin address", "", func(c *Config) { c.Discord.InteractionsAddr = c.HTTP.Addr },
			"discord.interactions_addr: must differ from http.addr (127.0.0.1:9090)"},
		{"an api_url without a scheme", "", func(c *Config) { c.Discord.APIURL = "discord.com" },
			"discord.api_url: must be a http:// or https:// URL with a host"},
		{"a base_url that is not http", "", func(c *Config) { c.Valentina.BaseURL = "ftp://api" },
			"valentina.base_url: must be a http:// or https:// URL with a host"},
		{"a zero timeout", "", func(c *Config) { c.Valentina.Timeout.Duration = 0 }, "valentina.timeout: must be more than 0s, got 0s"},
		{"negative retries", "", func(c *Config) { c.Valentina.MaxRetries = -1 }, "valentina.max_retries: must be 0 or more, got -1"},
		{"an unknown api version", "", func(c *Config) { c.Valentina.APIVersion = "v3" }, `valentina.api_version: must be one of v2, v1, got "v3"`},
		{"a redis URL with another scheme", "", func(c *Config) { c.Redis.URL = "memcached://cache:11211" },
			"redis.url: must be a redis:// or rediss:// or unix:// URL with a host"},
		{"a zero cache ttl", "", func(c *Config) { c.Redis.CacheTTL.Duration = 0 }, "redis.cache_ttl: must be more than 0s, got 0s"},
		{"a zero identity ttl", "", func(c *Config) { c.Redis.IdentityTTL.Duration = 0 }, "redis.identity_ttl: must be more than 0s, got 0s"},
		{"a bad admin address", "", func(c *Config) { c.HTTP.Addr = "localhost" },
			`http.addr: must be host:port such as ":8080" or "127.0.0.1:9090", got "localhost"`},
		{"an unknown log level", "", func(c *Config) { c.Log.Level = "verbose" }, `log.level: must be one of debug, info, warn, error, got "verbose"`},
		{"an unknown log format", "", func(c *Config) { c.Log.Format = "yaml" }, `log.format: must be one of json, text, got "yaml"`},
		{"a client secret without a redirect URL", CmdRun, func(c *Config) { c.Discord.ClientSecret = "s3cret" },
			"discord.oauth_redirect_url: required for self-service linking when discord.client_secret is set"},
		{"a redirect URL without a client secret", CmdRun, func(c *Config) { c.Discord.OAuthRedirectURL = redirectURL },
			"discord.client_secret: required for self-service linking when discord.oauth_redirect_url is set (or set NOIRBOT_DISCORD_CLIENT_SECRET)"},
		{"self-service linking without the interactions listener", CmdRun, func(c *Config) {
			c.Discord.ClientSecret, c.Discord.OAuthRedirectURL, c.Discord.InteractionsAddr = "s", redirectURL, ""
		}, "discord.interactions_addr: required for self-service linking: it serves GET /oauth/discord/callback"},
		{"self-service linking in v1", CmdRun, func(c *Config) {
			c.Discord.ClientSecret, c.Discord.OAuthRedirectURL, c.Valentina.APIVersion = "s", redirectURL, "v1"
		}, `valentina.api_version: self-service linking needs "v2" (discord.client_secret is set)`},
		{"a redirect URL that is not a URL", "", func(c *Config) { c.Discord.OAuthRedirectURL = "bot.example.com/callback" },
			"discord.oauth_redirect_url: must be a http:// or https:// URL with a host, e.g. https://bot.example.com/oauth/discord/callback"},
		{"a redirect URL with a query", "", func(c *Config) { c.Discord.OAuthRedirectURL = redirectURL + "?x=1" },
			"discord.oauth_redirect_url: must not carry a query, a fragment or credentials"},
		{"a redirect URL to another path", "", func(c *Config) { c.Discord.OAuthRedirectURL = "https://bot.example.com/callback" },
			"discord.oauth_redirect_url: must end with /oauth/discord/callback (the path the bot serves on discord.interactions_addr)"},
		{"register without a token", CmdRegister, func(c *Config) { c.Discord.Token = "" }, "discord.token: required by register"},
		{"register without an application id", CmdRegister, func(c *Config) { c.Discord.ApplicationID = "" },
			"discord.application_id: required by register"},
		{"link without the API key", CmdLink, func(c *Config) { c.Valentina.APIKey = "" },
			"valentina.api_key: required by link (or set NOIRBOT_VALENTINA_API_KEY)"},
		{"console with a config but no API key", CmdConsole, func(c *Config) { c.Valentina.APIKey = "" },
			"valentina.api_key: required by console (or set NOIRBOT_VALENTINA_API_KEY)"},
		{"healthcheck without an admin address", CmdHealthcheck, func(c *Config) { c.HTTP.Addr = "" },
			"http.addr: required by healthcheck (the admin server it asks)"},
		{"an unknown command", "serve", func(*Config) {}, `unknown command "serve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := runnable()
			tt.modify(cfg)
			err := cfg.Validate(tt.cmd)
			assert.EqualError(t, err, tt.want, "exactly one problem, on one line")
		})
	}
}

func TestValidateListsAllProblemsOnePerLine(t *testing.T) {
	cfg := Default()
	cfg.Log.Level = "loud"
	cfg.Discord.ShardCount = 0

	err := cfg.Validate(CmdRun)

	require.Error(t, err)
	cerr, ok := errors.AsType[*Error](err)
	require.True(t, ok)
	keys := make([]string, len(cerr.Problems))
	for i, p := range cerr.Problems {
		keys[i] = p.Key
	}
	assert.Equal(t, []string{
		"valentina.api_key", "guilds", "discord.token",
		"discord.shard_count", "log.level",
	}, keys)
	assert.Len(t, strings.Split(err.Error(), "\n"), len(keys))
}

func TestSlogLevel(t *testing.T) {
	for level, want := range map[string]string{"debug": "DEBUG", "info": "INFO", "warn": "WARN", "error": "ERROR", "": "INFO"} {
		assert.Equal(t, want, Log{Level: level}.SlogLevel().String(), level)
	}
}
