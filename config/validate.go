package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Commands that Validate knows, each with its own needs (SPEC §2).
const (
	CmdRun         = "run"
	CmdRegister    = "register"
	CmdLink        = "link"
	CmdHealthcheck = "healthcheck"
	CmdConsole     = "console" // only when the console is given a config
)

// maxDeferAfter keeps the deferred acknowledgement inside Discord's 3 s window.
const maxDeferAfter = 2 * time.Second

// Validate checks the configuration for the command cmd (one of the Cmd
// constants; "" checks only the values themselves). It returns nil or an
// *Error whose message has one line per problem, each naming its key.
func (c *Config) Validate(cmd string) error {
	var ps problems
	switch cmd {
	case "":
	case CmdRun:
		c.needRun(&ps)
	case CmdRegister:
		need(&ps, "discord.token", c.Discord.Token.IsSet(), "required by register")
		need(&ps, "discord.application_id", c.Discord.ApplicationID != "", "required by register")
	case CmdLink, CmdConsole:
		c.needValentina(&ps, cmd)
	case CmdHealthcheck:
		need(&ps, "http.addr", c.HTTP.Addr != "", "required by healthcheck (the admin server it asks)")
	default:
		ps.add("", "unknown command %q", cmd)
	}
	c.checkValues(&ps)
	return ps.err()
}

func need(ps *problems, key string, ok bool, msg string) {
	if !ok {
		ps.add(key, "%s", msg)
	}
}

func (c *Config) needValentina(ps *problems, cmd string) {
	need(ps, "valentina.base_url", c.Valentina.BaseURL != "", "required by "+cmd)
	need(ps, "valentina.api_key", c.Valentina.APIKey.IsSet(), "required by "+cmd+" (or set NOIRBOT_VALENTINA_API_KEY)")
}

// needRun checks what `noirbot run` needs: the API, guilds, and each mode's credentials.
func (c *Config) needRun(ps *problems) {
	c.needValentina(ps, CmdRun)
	d := c.Discord
	need(ps, "guilds", len(c.Guilds) > 0, "at least one [[guilds]] block with id and company_id is required by run")
	need(ps, "discord.gateway", d.Gateway || d.InteractionsAddr != "",
		"nothing to serve: set discord.gateway = true or discord.interactions_addr")
	if d.Gateway {
		need(ps, "discord.token", d.Token.IsSet(), "required when discord.gateway = true (or set NOIRBOT_DISCORD_TOKEN)")
	}
	if d.InteractionsAddr != "" {
		need(ps, "discord.public_key", d.PublicKey != "", "required when discord.interactions_addr is set")
		need(ps, "discord.application_id", d.ApplicationID != "", "required when discord.interactions_addr is set")
	}
	c.needSelfLinking(ps)
	for i, g := range c.Guilds {
		need(ps, guildKey(i, "id"), g.ID != "", "required by run (the Discord server id)")
		need(ps, guildKey(i, "company_id"), g.CompanyID != "", "required by run (the Valentina company for this server)")
		if g.AuditChannelID != "" && !d.Token.IsSet() {
			ps.add(guildKey(i, "audit_channel_id"), "posting to the audit channel needs discord.token")
		}
	}
}

// needSelfLinking checks what "Sign in with Discord" needs once either of its keys is set:
// the other key, the listener that serves the callback, the OAuth2 client id (the
// application id) and contract v2 (the only one with auth/identify).
func (c *Config) needSelfLinking(ps *problems) {
	d := c.Discord
	if !d.ClientSecret.IsSet() && d.OAuthRedirectURL == "" {
		return
	}
	const why = "required for self-service linking"
	need(ps, "discord.client_secret", d.ClientSecret.IsSet(),
		why+" when discord.oauth_redirect_url is set (or set NOIRBOT_DISCORD_CLIENT_SECRET)")
	need(ps, "discord.oauth_redirect_url", d.OAuthRedirectURL != "", why+" when discord.client_secret is set")
	need(ps, "discord.interactions_addr", d.InteractionsAddr != "",
		why+": it serves GET "+OAuthCallbackPath)
	need(ps, "discord.application_id", d.ApplicationID != "", why+" (it is the OAuth2 client id)")
	if c.Valentina.APIVersion != "v2" {
		ps.add("valentina.api_version", `self-service linking needs "v2" (discord.client_secret is set)`)
	}
}

// checkValues reports values that are wrong whatever the command.
func (c *Config) checkValues(ps *problems) {
	c.checkDiscord(ps)
	checkURL(ps, "valentina.base_url", c.Valentina.BaseURL, "http", "https")
	positive(ps, "valentina.timeout", c.Valentina.Timeout)
	if c.Valentina.MaxRetries < 0 {
		ps.add("valentina.max_retries", "must be 0 or more, got %d", c.Valentina.MaxRetries)
	}
	oneOf(ps, "valentina.api_version", c.Valentina.APIVersion, "v2", "v1")
	checkURL(ps, "redis.url", c.Redis.URL.Reveal(), "redis", "rediss", "unix")
	positive(ps, "redis.cache_ttl", c.Redis.CacheTTL)
	positive(ps, "redis.identity_ttl", c.Redis.IdentityTTL)
	checkAddr(ps, "http.addr", c.HTTP.Addr)
	oneOf(ps, "log.level", c.Log.Level, "debug", "info", "warn", "error")
	oneOf(ps, "log.format", c.Log.Format, "json", "text")
	c.checkGuilds(ps)
}

func (c *Config) checkDiscord(ps *problems) {
	d := c.Discord
	snowflake(ps, "discord.application_id", d.ApplicationID)
	snowflake(ps, "discord.register_guild", d.RegisterGuild)
	if d.PublicKey != "" {
		if _, err := d.PublicKeyBytes(); err != nil {
			ps.add("discord.public_key", "must be the 64 hex characters of the application's public key")
		}
	}
	if d.ShardCount < 1 {
		ps.add("discord.shard_count", "must be 1 or more, got %d", d.ShardCount)
	}
	if d.ShardID < 0 || (d.ShardCount >= 1 && d.ShardID >= d.ShardCount) {
		ps.add("discord.shard_id", "must be from 0 to shard_count-1 (%d), got %d", d.ShardCount-1, d.ShardID)
	}
	if v := d.DeferAfter.Duration; v < 0 || v > maxDeferAfter {
		ps.add("discord.defer_after", "must be between 0s and 2s, got %s", v)
	}
	checkAddr(ps, "discord.interactions_addr", d.InteractionsAddr)
	if d.InteractionsAddr != "" && d.InteractionsAddr == c.HTTP.Addr {
		ps.add("discord.interactions_addr", "must differ from http.addr (%s)", c.HTTP.Addr)
	}
	checkURL(ps, "discord.api_url", d.APIURL, "http", "https")
	checkRedirectURL(ps, "discord.oauth_redirect_url", d.OAuthRedirectURL)
}

// OAuthCallbackPath is where the interactions listener serves the OAuth2 callback;
// discord.oauth_redirect_url must end with it (a reverse proxy may add a prefix).
const OAuthCallbackPath = "/oauth/discord/callback"

// checkRedirectURL checks an optional OAuth2 redirect URL: absolute http(s), no query or
// fragment (Discord compares it byte for byte and appends its own query), ending with
// OAuthCallbackPath.
func checkRedirectURL(ps *problems, key, v string) {
	if v == "" {
		return
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		ps.add(key, "must be a http:// or https:// URL with a host, e.g. https://bot.example.com%s", OAuthCallbackPath)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		ps.add(key, "must not carry a query, a fragment or credentials")
	case !strings.HasSuffix(u.Path, OAuthCallbackPath):
		ps.add(key, "must end with %s (the path the bot serves on discord.interactions_addr)", OAuthCallbackPath)
	}
}

func (c *Config) checkGuilds(ps *problems) {
	seen := make(map[string]int, len(c.Guilds))
	for i, g := range c.Guilds {
		snowflake(ps, guildKey(i, "id"), g.ID)
		snowflake(ps, guildKey(i, "audit_channel_id"), g.AuditChannelID)
		oneOf(ps, guildKey(i, "xp_policy"), g.XPPolicy, XPPolicyStoryteller, XPPolicyCompany)
		if g.MaxXPPerCommand < 1 {
			ps.add(guildKey(i, "max_xp_per_command"), "must be 1 or more, got %d", g.MaxXPPerCommand)
		}
		if g.ID == "" {
			continue
		}
		if first, dup := seen[g.ID]; dup {
			ps.add(guildKey(i, "id"), "duplicate guild id %s (also guilds[%d])", g.ID, first)
		} else {
			seen[g.ID] = i
		}
	}
}

func guildKey(i int, key string) string { return fmt.Sprintf("guilds[%d].%s", i, key) }

func positive(ps *problems, key string, d Duration) {
	if d.Duration <= 0 {
		ps.add(key, "must be more than 0s, got %s", d.Duration)
	}
}

func oneOf(ps *problems, key, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	ps.add(key, "must be one of %s, got %q", strings.Join(allowed, ", "), v)
}

// snowflake checks an optional Discord id: digits only.
func snowflake(ps *problems, key, v string) {
	if v == "" {
		return
	}
	if strings.Trim(v, "0123456789") != "" {
		ps.add(key, "must be a Discord id (digits only), got %q", v)
	}
}

// checkAddr checks an optional listen address such as ":8080" or "127.0.0.1:9090".
func checkAddr(ps *problems, key, v string) {
	if v == "" {
		return
	}
	if _, _, err := net.SplitHostPort(v); err != nil {
		ps.add(key, "must be host:port such as \":8080\" or \"127.0.0.1:9090\", got %q", v)
	}
}

// checkURL checks an optional URL's scheme; the value itself is never echoed,
// since some URLs carry passwords.
func checkURL(ps *problems, key, v string, schemes ...string) {
	if v == "" {
		return
	}
	u, err := url.Parse(v)
	if err != nil {
		ps.add(key, "is not a valid URL")
		return
	}
	for _, s := range schemes {
		if u.Scheme == s && (u.Host != "" || (s == "unix" && u.Path != "")) {
			return
		}
	}
	ps.add(key, "must be a %s:// URL with a host", strings.Join(schemes, ":// or "))
}
