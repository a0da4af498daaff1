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

// BindChannel binds a channel (or thread) of a guild to a campaign.
func (s *Store) BindChannel(ctx context.Context, guildID, channelID, campaignID string) error {
	return s.stateOp(ctx, "bind channel", func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			return p.Set(ctx, s.stateKey("channel", guildID, channelID), campaignID, 0).Err()
		})
		return err
	})
}

// ChannelCampaign returns the campaign bound to the channel, or "" when it is unbound.
func (s *Store) ChannelCampaign(ctx context.Context, guildID, channelID string) (string, error) {
	var campaignID string
	err := s.stateOp(ctx, "read channel binding", func(ctx context.Context) error {
		v, err := s.rdb.Get(ctx, s.stateKey("channel", guildID, channelID)).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		campaignID = v
		return err
	})
	return campaignID, err
}

// Compare-and-delete scripts: a stale id is removed only if it is still the one stored, so a
// binding or default set again meanwhile survives.
var (
	delIfEqual  = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)
	hdelIfEqual = redis.NewScript(`if redis.call("HGET", KEYS[1], ARGV[1]) == ARGV[2] then return redis.call("HDEL", KEYS[1], ARGV[1]) end return 0`)
)

// UnbindStaleChannel removes the channel's binding if it still names campaignID (a campaign
// that no longer resolves).
func (s *Store) UnbindStaleChannel(ctx context.Context, guildID, channelID, campaignID string) error {
	return s.stateOp(ctx, "drop stale channel binding", func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			return delIfEqual.Eval(ctx, p, []string{s.stateKey("channel", guildID, channelID)}, campaignID).Err()
		})
		return err
	})
}

// DropStaleDefaultCharacter removes the user's default character in a campaign if it still
// names characterID (a character that no longer resolves).
func (s *Store) DropStaleDefaultCharacter(ctx context.Context, guildID, discordID, campaignID, characterID string) error {
	return s.stateOp(ctx, "drop stale default character", func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			return hdelIfEqual.Eval(ctx, p, []string{s.stateKey("character", guildID, discordID)}, campaignID, characterID).Err()
		})
		return err
	})
}

// SetDefaultCharacter remembers the user's default character in a campaign.
func (s *Store) SetDefaultCharacter(ctx context.Context, guildID, discordID, campaignID, characterID string) error {
	return s.stateOp(ctx, "set default character", func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, false, func(p redis.Pipeliner) error {
			return p.HSet(ctx, s.stateKey("character", guildID, discordID), campaignID, characterID).Err()
		})
		return err
	})
}

// DefaultCharacter returns the user's default character in a campaign, or "".
func (s *Store) DefaultCharacter(ctx context.Context, guildID, discordID, campaignID string) (string, error) {
	var characterID string
	err := s.stateOp(ctx, "read default character", func(ctx context.Context) error {
		v, err := s.rdb.HGet(ctx, s.stateKey("character", guildID, discordID), campaignID).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		characterID = v
		return err
	})
	return characterID, err
}

// PushRecentQuickroll records that the user rolled a quickroll: it moves to the front of
// their list of the last 10 (no duplicates).
func (s *Store) PushRecentQuickroll(ctx context.Context, guildID, discordID, quickrollID string) error {
	key := s.stateKey("recent", guildID, discordID)
	return s.stateOp(ctx, "record recent quickroll", func(ctx context.Context) error {
		_, err := s.writeConfirmed(ctx, true, func(p redis.Pipeliner) error {
			p.LRem(ctx, key, 0, quickrollID)
			p.LPush(ctx, key, quickrollID)
			p.LTrim(ctx, key, 0, recentQuickrolls-1)
			return nil
		})
		return err
	})
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
	var previous string
	err := s.stateOp(ctx, "write admin link", func(ctx context.Context) error {
		v, err := s.rdb.SetArgs(ctx, s.adminLinkKey(companyID, discordID), userID, redis.SetArgs{Get: true}).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		previous = v
		return err
	})
	return previous, err
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
	var userID string
	err := s.stateOp(ctx, "remove admin link", func(ctx context.Context) error {
		v, err := s.rdb.GetDel(ctx, s.adminLinkKey(companyID, discordID)).Result()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		userID = v
		return err
	})
	return userID, err
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
