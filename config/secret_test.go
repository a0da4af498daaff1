package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secretToken  = "MTA-discord-token-do-not-leak"
	secretAPIKey = "valentina-api-key-do-not-leak"
	secretRedis  = "redis://:hunter2-do-not-leak@redis:6379/0"
	secretClient = "oauth-client-secret-do-not-leak"
)

func secretConfig() *Config {
	cfg := Default()
	cfg.Discord.Token = secretToken
	cfg.Valentina.APIKey = secretAPIKey
	cfg.Redis.URL = secretRedis
	cfg.Discord.ClientSecret = secretClient
	return cfg
}

func TestSecretsNeverAppearInOutput(t *testing.T) {
	cfg := secretConfig()
	outputs := map[string]func(t *testing.T) string{
		"%v":      func(*testing.T) string { return fmt.Sprintf("%v", cfg) },
		"%+v":     func(*testing.T) string { return fmt.Sprintf("%+v", cfg) },
		"%#v":     func(*testing.T) string { return fmt.Sprintf("%#v", cfg) },
		"%s":      func(*testing.T) string { return fmt.Sprintf("%s", cfg.Discord.Token) },
		"%q":      func(*testing.T) string { return fmt.Sprintf("%q", cfg.Valentina.APIKey) },
		"%x":      func(*testing.T) string { return fmt.Sprintf("%x", cfg.Redis.URL) },
		"Println": func(*testing.T) string { return fmt.Sprintln(*cfg, cfg.Discord.Token) },
		"json.Marshal": func(t *testing.T) string {
			b, err := json.Marshal(cfg)
			require.NoError(t, err)
			return string(b)
		},
		"slog JSON": func(*testing.T) string {
			var buf bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&buf, nil))
			log.Info("config", "cfg", cfg, "token", cfg.Discord.Token, "discord", cfg.Discord)
			return buf.String()
		},
		"slog text": func(*testing.T) string {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, nil))
			log.Info("config", "cfg", cfg, "key", cfg.Valentina.APIKey, slog.Any("redis", cfg.Redis))
			return buf.String()
		},
	}
	for name, render := range outputs {
		t.Run(name, func(t *testing.T) {
			out := render(t)
			for _, s := range []string{secretToken, secretAPIKey, "hunter2", secretClient} {
				assert.NotContains(t, out, s)
			}
			assert.Contains(t, out, "[redacted]")
		})
	}
}

func TestSecretJSONShape(t *testing.T) {
	b, err := json.Marshal(secretConfig().Discord)
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, "[redacted]", got["token"])
	assert.Equal(t, "[redacted]", got["client_secret"])
	assert.Equal(t, "1.5s", got["defer_after"])
}

func TestSecretRevealAndEmpty(t *testing.T) {
	s := Secret("abc")
	assert.Equal(t, "abc", s.Reveal())
	assert.True(t, s.IsSet())
	assert.Equal(t, "[redacted]", s.String())
	assert.Equal(t, `"[redacted]"`, s.GoString())

	var empty Secret
	assert.False(t, empty.IsSet())
	assert.Equal(t, "", fmt.Sprint(empty), "an empty secret shows that it is empty")
	b, err := json.Marshal(empty)
	require.NoError(t, err)
	assert.JSONEq(t, `""`, string(b))
}

func TestValidationNeverEchoesARedisPassword(t *testing.T) {
	cfg := Default()
	cfg.Redis.URL = "http://:hunter2@redis:6379"
	err := cfg.Validate("")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.Contains(t, err.Error(), "redis.url")
}
