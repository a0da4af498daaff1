package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/noirbot/noirbot/app"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// cmdLink is the operator's bootstrap: it links a Discord account to a Valentina user. In v1 it
// writes the user's discord_profile (acting as that user, who may manage themselves), then drops
// the company's identity map so a running bot sees the link at once. In v2, where the API keeps
// only verified identities, it writes the bot's admin link into the configured Redis (see
// linkInState).
func cmdLink(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := newFlags("link", "link -discord-id ID -user-id ID [-company ID] [-config FILE]", stderr)
	path := fs.String("config", "", "configuration file (default ./config.toml when it exists)")
	discordID := fs.String("discord-id", "", "the Discord user id (snowflake) to link")
	userID := fs.String("user-id", "", "the Valentina user id to link it to")
	company := fs.String("company", "", "the Valentina company (default: the only [[guilds]] block's company_id)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var problems []string
	if *discordID == "" {
		problems = append(problems, "-discord-id: required")
	}
	if *userID == "" {
		problems = append(problems, "-user-id: required")
	}
	cfg, ok := loadConfig(*path, true, config.CmdLink, lookupEnv, stderr)
	if !ok {
		return 2
	}
	if *company == "" {
		switch len(cfg.Guilds) {
		case 1:
			*company = cfg.Guilds[0].CompanyID
		case 0:
			problems = append(problems, "-company: required (no [[guilds]] block to take it from)")
		default:
			problems = append(problems, "-company: required when there are several [[guilds]] blocks")
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		return 2
	}
	v2 := cfg.Valentina.APIVersion != string(vclient.APIv1)
	if v2 && cfg.Redis.URL.Reveal() == "" {
		fmt.Fprintln(stderr, "link: redis.url is empty: with valentina.api_version = \"v2\" the link is kept in the bot's Redis state, which an embedded Redis would forget at once; set redis.url (NOIRBOT_REDIS_URL) to the Redis the bot uses")
		return 2
	}
	log := newLogger(cfg.Log, stderr)
	cache.RouteRedisLogs(log)
	api, err := app.NewVClient(cfg.Valentina, version, log)
	if err != nil {
		fmt.Fprintf(stderr, "link: %v\n", err)
		return 1
	}
	if v2 {
		return linkInState(ctx, cfg, api, *company, *discordID, *userID, log, stdout, stderr)
	}
	u, err := api.OnBehalfOf(*userID).Users(*company).Update(ctx, *userID, &vclient.UserUpdate{
		DiscordProfile: &vclient.DiscordProfileUpdate{ID: vclient.Value(*discordID)},
	})
	if err != nil {
		fmt.Fprintf(stderr, "link: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "linked Discord %s to %s (%s, %s) in company %s\n", *discordID, u.Username, u.ID, u.Role, *company)
	invalidateIdentity(ctx, cfg, api, *company, log, stderr)
	return 0
}

// invalidateIdentity drops the company's identity map and negative entries in the configured
// Redis. A failure only delays the link until the map expires (redis.identity_ttl).
func invalidateIdentity(ctx context.Context, cfg *config.Config, api *vclient.Client, company string, log *slog.Logger, stderr io.Writer) {
	store, err := app.OpenCache(ctx, cfg.Redis, log)
	if err != nil {
		fmt.Fprintf(stderr, "warning: could not reach Redis to refresh the identity map (%v); a running bot sees the link within %s\n", err, cfg.Redis.IdentityTTL.Duration)
		return
	}
	defer store.Close()
	cache.NewLookups(store, api).InvalidateIdentity(ctx, company)
}

// linkInState writes the v2 admin link of a Discord id to a user (SPEC §11.3) after checking,
// on that user's behalf, that the user exists, and drops the member's identity entry so a
// running bot sees the link at once.
func linkInState(ctx context.Context, cfg *config.Config, api *vclient.Client, company, discordID, userID string, log *slog.Logger, stdout, stderr io.Writer) int {
	u, err := api.OnBehalfOf(userID).Users(company).Get(ctx, userID)
	if err != nil {
		fmt.Fprintf(stderr, "link: %v\n", err)
		return 1
	}
	store, err := app.OpenCache(ctx, cfg.Redis, log)
	if err != nil {
		fmt.Fprintf(stderr, "link: %v\n", err)
		return 1
	}
	defer store.Close()
	prev, err := store.SetAdminLink(ctx, company, discordID, userID)
	if err != nil {
		fmt.Fprintf(stderr, "link: %v\n", err)
		return 1
	}
	cache.NewLookups(store, api).DropIdentity(ctx, company, discordID)
	fmt.Fprintf(stdout, "linked Discord %s to %s (%s, %s) in company %s\n", discordID, u.Username, u.ID, u.Role, company)
	if prev != "" && prev != userID {
		fmt.Fprintf(stdout, "this replaces its earlier link to user %s\n", prev)
	}
	return 0
}
