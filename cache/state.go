package cache

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// recentQuickrolls is how many recently rolled quickrolls are kept per user.
const recentQuickrolls = 10

// Durable state lives under "<prefix>:s:" without TTL. Unlike lookups it does not fail
// open: errors are returned so a command can say that state is unavailable. With
// Sentinel a write succeeds only once a replica has it (writeConfirmed).

// Channel bindings and default characters are read on every roll, so their reads go through
// the l1 (l1.go) like cached lookups: the writes below drop the key from every replica's l1,
// at once here and within Options.L1TTL elsewhere.

// BindChannel binds a channel (or thread) of a guild to a campaign.
func (s *Store) BindChannel(ctx context.Context, guildID, channelID, campaignID string) error {
	key := s.stateKey("channel", guildID, channelID)
	return s.stateWrite(ctx, "bind channel", key, func(ctx context.Context, p redis.Pipeliner) {
		p.Set(ctx, key, campaignID, 0)
	})
}

// ChannelCampaign returns the campaign bound to the channel, or "" when it is unbound.
func (s *Store) ChannelCampaign(ctx context.Context, guildID, channelID string) (string, error) {
	key := s.stateKey("channel", guildID, channelID)
	return s.stateRead(ctx, "read channel binding", key, "", func(ctx context.Context) (string, error) {
		return s.rdb.Get(ctx, key).Result()
	})
}

// Compare-and-delete scripts: a stale id is removed only if it is still the one stored, so a
// binding or default set again meanwhile survives.
var (
	delIfEqual  = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)
	hdelIfEqual = redis.NewScript(`if redis.call("HGET", KEYS[1], ARGV[1]) == ARGV[2] then return redis.call("HDEL", KEYS[1], ARGV[1]) end return 0`)
)

// UnbindStaleChannel removes the channel's binding if it still names campaignID (a campaign
// that no longer resolves). Like every state write it drops the binding from every replica's
// l1, so none keeps answering with the dead id.
func (s *Store) UnbindStaleChannel(ctx context.Context, guildID, channelID, campaignID string) error {
	key := s.stateKey("channel", guildID, channelID)
	return s.stateWrite(ctx, "drop stale channel binding", key, func(ctx context.Context, p redis.Pipeliner) {
		delIfEqual.Eval(ctx, p, []string{key}, campaignID)
	})
}

// DropStaleDefaultCharacter removes the user's default character in a campaign if it still
// names characterID (a character that no longer resolves), on every replica's l1 too.
func (s *Store) DropStaleDefaultCharacter(ctx context.Context, guildID, discordID, campaignID, characterID string) error {
	key := s.stateKey("character", guildID, discordID)
	return s.stateWrite(ctx, "drop stale default character", key, func(ctx context.Context, p redis.Pipeliner) {
		hdelIfEqual.Eval(ctx, p, []string{key}, campaignID, characterID)
	})
}

// SetDefaultCharacter remembers the user's default character in a campaign.
func (s *Store) SetDefaultCharacter(ctx context.Context, guildID, discordID, campaignID, characterID string) error {
	key := s.stateKey("character", guildID, discordID)
	return s.stateWrite(ctx, "set default character", key, func(ctx context.Context, p redis.Pipeliner) {
		p.HSet(ctx, key, campaignID, characterID)
	})
}

// DefaultCharacter returns the user's default character in a campaign, or "".
func (s *Store) DefaultCharacter(ctx context.Context, guildID, discordID, campaignID string) (string, error) {
	key := s.stateKey("character", guildID, discordID)
	return s.stateRead(ctx, "read default character", key, campaignID, func(ctx context.Context) (string, error) {
		return s.rdb.HGet(ctx, key, campaignID).Result()
	})
}

// stateRead reads one string of state (field of a hash, or "" for a whole key) through the
// l1; absent reads as "".
func (s *Store) stateRead(ctx context.Context, what, key, field string, read func(context.Context) (string, error)) (string, error) {
	if v, _, ok := s.l1.get(key, field); ok {
		if v, ok := v.(string); ok {
			return v, nil
		}
	}
	gen := s.l1.generation()
	var val string
	err := s.stateOp(ctx, what, func(ctx context.Context) error {
		v, err := read(ctx)
		if errors.Is(err, redis.Nil) {
			return nil
		}
		val = v
		return err
	})
	if err == nil {
		s.l1.put(key, field, val, nil, gen)
	}
	return val, err
}

// stateWrite makes one write of state that l1s may hold, and has every replica drop key.
func (s *Store) stateWrite(ctx context.Context, what, key string, write func(context.Context, redis.Pipeliner)) error {
	s.l1.drop(key)
	err := s.stateOp(ctx, what, func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			write(ctx, p)
			s.publishL1(ctx, p, key)
			return nil
		})
		return err
	})
	s.l1.drop(key) // a read that raced with the write may have kept the old value
	return err
}

// pushRecentLua moves ARGV[1] to the front of the list KEYS[1] and keeps ARGV[2] items, in
// one command, atomic without MULTI/EXEC. When the list changed it publishes KEYS[1] on
// ARGV[3] (unless ""), so that other replicas forget the front they remembered; it returns
// whether it changed.
const pushRecentLua = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then return 0 end
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], KEYS[1]) end
return 1`

// PushRecentQuickroll records that the user rolled a quickroll: it moves to the front of
// their list of the last 10 (no duplicates). Players often roll the same quickroll again:
// the front of the list is remembered in the l1, and a roll of the quickroll already in
// front writes nothing. Another replica's change reaches that memory like any invalidation
// (within Options.L1TTL at worst, when the front may be one roll out of date).
func (s *Store) PushRecentQuickroll(ctx context.Context, guildID, discordID, quickrollID string) error {
	key := s.stateKey("recent", guildID, discordID)
	if front, _, ok := s.l1.get(key, ""); ok && front == any(quickrollID) {
		return nil
	}
	gen := s.l1.generation()
	channel := ""
	if s.l1.ttl > 0 {
		channel = s.l1Channel()
	}
	err := s.stateOp(ctx, "record recent quickroll", func(ctx context.Context) error {
		if s.replicas == nil { // nothing to wait for: one command, no pipeline to build
			return s.rdb.Eval(ctx, pushRecentLua, []string{key}, quickrollID, recentQuickrolls, channel).Err()
		}
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			// EVALSHA cannot fall back to EVAL inside a pipeline: send the script itself;
			// Redis finds it compiled in its script cache by its digest.
			p.Eval(ctx, pushRecentLua, []string{key}, quickrollID, recentQuickrolls, channel)
			return nil
		})
		return err
	})
	if err == nil {
		s.l1.put(key, "", quickrollID, nil, gen)
	}
	return err
}

// RecentQuickrolls returns the ids of the user's recently rolled quickrolls, newest first.
func (s *Store) RecentQuickrolls(ctx context.Context, guildID, discordID string) ([]string, error) {
	var ids []string
	err := s.stateOp(ctx, "read recent quickrolls", func(ctx context.Context) error {
		var err error
		ids, err = s.rdb.LRange(ctx, s.stateKey("recent", guildID, discordID), 0, recentQuickrolls-1).Result()
		return err
	})
	return ids, err
}

// SetAdminLink links a Discord id to a user of the company on the bot's side (v2's admin
// link: the API will not store a Discord id it has not verified). It returns the user the
// Discord id was admin-linked to before ("" when none).
func (s *Store) SetAdminLink(ctx context.Context, companyID, discordID, userID string) (string, error) {
	return s.swapAdminLink(ctx, "write admin link", companyID, discordID, userID)
}

// AdminLink returns the user an admin linked the Discord id to in the company, or "".
func (s *Store) AdminLink(ctx context.Context, companyID, discordID string) (string, error) {
	var userID string
	err := s.stateOp(ctx, "read admin link", func(ctx context.Context) error {
		v, err := s.rdb.Get(ctx, s.adminLinkKey(companyID, discordID)).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		userID = v
		return err
	})
	return userID, err
}

// RemoveAdminLink removes the Discord id's admin link in the company and returns the user it
// linked to ("" when there was none).
func (s *Store) RemoveAdminLink(ctx context.Context, companyID, discordID string) (string, error) {
	return s.swapAdminLink(ctx, "remove admin link", companyID, discordID, "")
}

// swapAdminLinkLua stores ARGV[1] in KEYS[1] (deletes it for "") and returns what it held,
// "" for nothing: a nil reply would fail the pipeline before its WAIT is read.
var swapAdminLinkLua = redis.NewScript(`
local prev = redis.call('GET', KEYS[1]) or ''
if ARGV[1] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[1]) end
return prev`)

// swapAdminLink replaces the Discord id's admin link (removes it for userID "") and returns
// the user it linked to before. It is a state write like the others (stateWrite): with
// Sentinel it succeeds only once a replica has it, so a failover cannot lose a link.
func (s *Store) swapAdminLink(ctx context.Context, what, companyID, discordID, userID string) (string, error) {
	key := s.adminLinkKey(companyID, discordID)
	var prev *redis.Cmd
	err := s.stateWrite(ctx, what, key, func(ctx context.Context, p redis.Pipeliner) {
		prev = swapAdminLinkLua.Eval(ctx, p, []string{key}, userID)
	})
	if err != nil {
		return "", err
	}
	return prev.Text()
}

// adminLinkKey is "<prefix>:s:link:<company>:<discord id>".
func (s *Store) adminLinkKey(companyID, discordID string) string {
	return s.stateKey("link", companyID, discordID)
}

// stateOp runs one state operation within the operation timeout, wrapping its error.
func (s *Store) stateOp(ctx context.Context, what string, op func(context.Context) error) error {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	if err := op(octx); err != nil {
		if ctx.Err() == nil {
			s.obs.CacheError("state", err)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	s.succeeded()
	return nil
}
