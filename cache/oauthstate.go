package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// OAuthStateTTL is how long a "Sign in with Discord" link stays good (SPEC §11.5).
const OAuthStateTTL = 10 * time.Minute

// OAuthState is what a "Sign in with Discord" link remembers until its callback: who
// asked for it, and for which server and company.
type OAuthState struct {
	GuildID   string `json:"guild"`
	CompanyID string `json:"company"`
	DiscordID string `json:"discord"`
}

// oauthStateKey is "<prefix>:s:oauth-state:<state>". Each operation touches this one key,
// so it needs no Cluster hash tag.
func (s *Store) oauthStateKey(state string) string { return s.stateKey("oauth-state", state) }

// PutOAuthState stores a new single-use state token for OAuthStateTTL. A token that is
// already stored is refused (the caller drew a colliding random token, or reused one).
func (s *Store) PutOAuthState(ctx context.Context, state string, st OAuthState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode oauth state: %w", err)
	}
	return s.stateOp(ctx, "store oauth state", func(ctx context.Context) error {
		ok, err := s.rdb.SetNX(ctx, s.oauthStateKey(state), data, OAuthStateTTL).Result()
		if err == nil && !ok {
			return errors.New("state token already in use")
		}
		return err
	})
}

// TakeOAuthState reads and deletes a state token in one step (GETDEL), so a token is good
// for one callback only. found is false for an unknown, used or expired token.
func (s *Store) TakeOAuthState(ctx context.Context, state string) (st OAuthState, found bool, err error) {
	err = s.stateOp(ctx, "take oauth state", func(ctx context.Context) error {
		data, err := s.rdb.GetDel(ctx, s.oauthStateKey(state)).Bytes()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &st); err != nil {
			return fmt.Errorf("decode oauth state: %w", err)
		}
		found = true
		return nil
	})
	return st, found, err
}
