// Package config reads noirbot's TOML configuration (SPEC §3): strict decoding
// that names unknown keys and their lines, defaults, NOIRBOT_<SECTION>_<KEY>
// environment overrides and per-command validation.
package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Guild XP policies (SPEC §4.3 /xp).
const (
	// XPPolicyStoryteller lets only storytellers and admins award XP.
	XPPolicyStoryteller = "storyteller"
	// XPPolicyCompany follows the company's permission_grant_xp setting.
	XPPolicyCompany = "company"
)

// Config is the whole configuration of noirbot.
type Config struct {
	Discord   Discord   `toml:"discord" json:"discord"`
	Valentina Valentina `toml:"valentina" json:"valentina"`
	Redis     Redis     `toml:"redis" json:"redis"`
	HTTP      HTTP      `toml:"http" json:"http"`
	Log       Log       `toml:"log" json:"log"`
	Guilds    []Guild   `toml:"guilds" json:"guilds"`
}

// Discord is the [discord] section: credentials, modes and timing.
type Discord struct {
	Token            Secret   `toml:"token" json:"token"`
	ApplicationID    string   `toml:"application_id" json:"application_id"`
	PublicKey        string   `toml:"public_key" json:"public_key"`
	Gateway          bool     `toml:"gateway" json:"gateway"`
	ShardID          int      `toml:"shard_id" json:"shard_id"`
	ShardCount       int      `toml:"shard_count" json:"shard_count"`
	InteractionsAddr string   `toml:"interactions_addr" json:"interactions_addr"`
	APIURL           string   `toml:"api_url" json:"api_url"`
	DeferAfter       Duration `toml:"defer_after" json:"defer_after"`
	RegisterGuild    string   `toml:"register_guild" json:"register_guild"`
	// ClientSecret and OAuthRedirectURL turn on self-service linking ("Sign in with
	// Discord", SPEC §11.5): the application's OAuth2 client secret, and the public
	// URL of GET /oauth/discord/callback on interactions_addr.
	ClientSecret     Secret `toml:"client_secret" json:"client_secret"`
	OAuthRedirectURL string `toml:"oauth_redirect_url" json:"oauth_redirect_url"`
}

// Valentina is the [valentina] section: where the API is and how to call it.
type Valentina struct {
	BaseURL    string   `toml:"base_url" json:"base_url"`
	APIKey     Secret   `toml:"api_key" json:"api_key"`
	Timeout    Duration `toml:"timeout" json:"timeout"`
	MaxRetries int      `toml:"max_retries" json:"max_retries"`
	// APIVersion is the contract generation the API speaks: "v2" (the hosted service since
	// 2026-04-15, On-Behalf-Of header) or "v1" (requesting_user_id, per-user paths).
	APIVersion string `toml:"api_version" json:"api_version"`
}

// Redis is the [redis] section. URL is a Secret because it may hold a password.
type Redis struct {
	URL         Secret   `toml:"url" json:"url"`
	KeyPrefix   string   `toml:"key_prefix" json:"key_prefix"`
	CacheTTL    Duration `toml:"cache_ttl" json:"cache_ttl"`
	IdentityTTL Duration `toml:"identity_ttl" json:"identity_ttl"`
}

// HTTP is the [http] section: the admin server (/healthz, /readyz, /metrics).
type HTTP struct {
	Addr string `toml:"addr" json:"addr"`
}

// Log is the [log] section.
type Log struct {
	Level  string `toml:"level" json:"level"`   // debug|info|warn|error
	Format string `toml:"format" json:"format"` // json|text
}

// Guild is one [[guilds]] block: a Discord server and its Valentina company.
type Guild struct {
	ID                string `toml:"id" json:"id"`
	CompanyID         string `toml:"company_id" json:"company_id"`
	DefaultCampaignID string `toml:"default_campaign_id" json:"default_campaign_id"`
	AuditChannelID    string `toml:"audit_channel_id" json:"audit_channel_id"`
	XPPolicy          string `toml:"xp_policy" json:"xp_policy"`
	MaxXPPerCommand   int    `toml:"max_xp_per_command" json:"max_xp_per_command"`
}

// Default returns the configuration used for every key a file leaves out (SPEC §3).
func Default() *Config {
	return &Config{
		Discord: Discord{
			Gateway:    true,
			ShardCount: 1,
			DeferAfter: Duration{1500 * time.Millisecond},
		},
		Valentina: Valentina{
			BaseURL:    "https://api.valentina-noir.com",
			Timeout:    Duration{10 * time.Second},
			MaxRetries: 3,
			APIVersion: "v2",
		},
		Redis: Redis{
			KeyPrefix:   "noirbot",
			CacheTTL:    Duration{5 * time.Minute},
			IdentityTTL: Duration{time.Hour},
		},
		HTTP: HTTP{Addr: "127.0.0.1:9090"},
		Log:  Log{Level: "info", Format: "json"},
	}
}

// DefaultGuild returns a [[guilds]] block with its defaults filled in.
func DefaultGuild() Guild {
	return Guild{XPPolicy: XPPolicyStoryteller, MaxXPPerCommand: 100}
}

// Guild returns the [[guilds]] block for the Discord guild id.
func (c *Config) Guild(id string) (*Guild, bool) {
	for i := range c.Guilds {
		if c.Guilds[i].ID == id {
			return &c.Guilds[i], true
		}
	}
	return nil, false
}

// PublicKeyBytes decodes discord.public_key (64 hex characters) into an Ed25519 key.
func (d Discord) PublicKeyBytes() (ed25519.PublicKey, error) {
	s := strings.TrimSpace(d.PublicKey)
	if len(s) != 2*ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key: want %d hex characters, got %d", 2*ed25519.PublicKeySize, len(s))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("public key: not hex: %w", err)
	}
	return ed25519.PublicKey(b), nil
}

// SelfLinking reports whether both keys of self-service linking are set.
func (d Discord) SelfLinking() bool { return d.ClientSecret.IsSet() && d.OAuthRedirectURL != "" }

// SlogLevel maps log.level to a slog level (info for unknown values; Validate reports them).
func (l Log) SlogLevel() slog.Level {
	switch strings.ToLower(l.Level) {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}
