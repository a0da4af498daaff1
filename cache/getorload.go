package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/noirbot/noirbot/vclient"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Stored values start with a tag byte: a JSON value, or a remembered "not found".
const (
	tagValue    = 'v'
	tagNotFound = 'n'
)

// notFound is how a vclient ErrNotFound answer is remembered (NegativeTTL).
type notFound struct {
	Status   int    `json:"status"`
	Title    string `json:"title,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	Method   string `json:"method,omitempty"`
	Route    string `json:"route,omitempty"`
}

// GetOrLoad returns the value cached under key ("<family>:<ids...>", stored as
// "<prefix>:c:<key>"), or loads it, caches it for ttl (±10% jitter; 0 means
// Options.CacheTTL) and returns it. Values are stored as JSON.
//
// Concurrent callers in one process share a single load per key; each waits only as
// long as its own ctx allows, while the load itself runs on a detached context bounded
// by Options.LoadTimeout, so one caller giving up does not fail the others. A load
// error matching vclient.ErrNotFound is cached for Options.NegativeTTL and returned
// (as a *vclient.APIError) to later callers. If Redis fails or is slow, the value is
// loaded from the API and returned without caching.
//
// Decoded values are also kept in process memory for up to Options.L1TTL (l1.go), so a
// warm read costs neither a Redis round trip nor a JSON decode; the value is then shared
// by every caller and must not be modified.
func GetOrLoad[T any](ctx context.Context, s *Store, key string, ttl time.Duration, load func(context.Context) (T, error)) (T, error) {
	family, _, _ := strings.Cut(key, ":")
	gen := s.l1.generation()
	ready := s.ready(ctx, "get")
	if ready {
		if v, err, ok := s.l1.get(key, ""); ok { // the l1 names cache keys without "<prefix>:c:"
			if v, ok := v.(T); ok {
				s.obs.CacheHit(family)
				return v, err
			}
		}
	}
	full := s.cacheKey(key)
	if ready {
		b, err := s.get(ctx, full)
		switch {
		case err == nil:
			if v, ok, err := decode[T](b); ok {
				s.obs.CacheHit(family)
				s.l1.put(full, "", v, err, gen)
				return v, err
			}
			s.obs.CacheMiss(family)
		case errors.Is(err, redis.Nil):
			s.obs.CacheMiss(family)
		default:
			s.failed(ctx, "get", err)
		}
	}
	if err := ctx.Err(); err != nil { // gave up already: start no load on its behalf
		var zero T
		return zero, fmt.Errorf("load %s: %w", key, err)
	}
	b, err := s.loadShared(ctx, full, ttl, func(ctx context.Context) (any, error) { return load(ctx) })
	if err != nil {
		var zero T
		return zero, err
	}
	v, ok, err := decode[T](b)
	if !ok {
		return v, fmt.Errorf("cache %s: undecodable value", key)
	}
	s.l1.put(full, "", v, err, gen)
	return v, err
}

// Invalidate drops cached values by the keys given to GetOrLoad. If Redis is
// unavailable, the keys are remembered and deleted before the cache is read again.
func (s *Store) Invalidate(ctx context.Context, keys ...string) {
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = s.cacheKey(k)
	}
	s.invalidate(ctx, "invalidate", full...)
}

// Put stores v under key (as GetOrLoad would after a load), replacing what is cached,
// e.g. a list the caller had to read fresh from the API anyway. Loads in flight do not
// overwrite it. If Redis is unavailable, the old value is invalidated instead.
func Put[T any](ctx context.Context, s *Store, key string, ttl time.Duration, v T) {
	full := s.cacheKey(key)
	b, ttl, err := s.encode(v, nil, ttl)
	if err == nil && s.ready(ctx, "set") {
		s.forgetLoads(full)
		octx, cancel := s.opContext(context.WithoutCancel(ctx))
		_, err = s.rdb.Pipelined(octx, func(p redis.Pipeliner) error {
			p.Set(octx, full, b, ttl)
			s.publishL1(octx, p, full)
			return nil
		})
		cancel()
		if err == nil {
			s.l1.drop(full) // a read that raced with the write may have kept the old value
			s.succeeded()
			return
		}
		s.failed(ctx, "set", err)
	}
	s.invalidate(ctx, "put", full) // what is cached is outdated: drop it, now or on recovery
}

// get reads one key within the operation timeout.
func (s *Store) get(ctx context.Context, key string) ([]byte, error) {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	b, err := s.rdb.Get(octx, key).Bytes()
	if err == nil || errors.Is(err, redis.Nil) {
		s.succeeded()
	}
	return b, err
}

// loadShared runs load once per key at a time and returns the encoded result. The
// caller waits until the load ends or its own ctx is done.
func (s *Store) loadShared(ctx context.Context, full string, ttl time.Duration, load func(context.Context) (any, error)) ([]byte, error) {
	ch := s.joinLoad(full, func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.LoadTimeout)
		defer cancel()
		return s.loadAndStore(lctx, full, ttl, load)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.([]byte), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("load %s: %w", full, ctx.Err())
	}
}

// joinLoad starts load for key, or joins the one already in flight.
func (s *Store) joinLoad(key string, load func() (any, error)) <-chan singleflight.Result {
	ch := s.flights.DoChan(key, load)
	if s.opts.joinedHook != nil {
		s.opts.joinedHook(key)
	}
	return ch
}

// loadAndStore is the body of a shared load: look again (another process may have
// filled the key meanwhile), load from the API, store unless an invalidation happened
// during the load or Redis is unavailable.
func (s *Store) loadAndStore(ctx context.Context, full string, ttl time.Duration, load func(context.Context) (any, error)) (_ []byte, err error) {
	defer recoverLoad(&err, full)
	useRedis := s.ready(ctx, "")
	if useRedis {
		b, err := s.get(ctx, full)
		if err == nil && len(b) > 0 && (b[0] == tagValue || b[0] == tagNotFound) {
			return b, nil
		}
		if err != nil && !errors.Is(err, redis.Nil) {
			s.failed(ctx, "get", err)
			useRedis = false
		}
	}
	epoch := s.epoch.Load()
	v, err := load(ctx)
	b, ttl, err := s.encode(v, err, ttl)
	if err != nil {
		return nil, err
	}
	if useRedis && s.epoch.Load() == epoch {
		s.set(ctx, full, b, ttl)
	}
	return b, nil
}

// encode tags a load result for storage, with the TTL it is kept for.
func (s *Store) encode(v any, loadErr error, ttl time.Duration) ([]byte, time.Duration, error) {
	if loadErr != nil {
		if !errors.Is(loadErr, vclient.ErrNotFound) {
			return nil, 0, loadErr
		}
		nf := notFound{Status: 404}
		var apiErr *vclient.APIError
		if errors.As(loadErr, &apiErr) {
			nf = notFound{Status: apiErr.StatusCode, Title: apiErr.Title, Detail: apiErr.Detail,
				Instance: apiErr.Instance, Method: apiErr.Method, Route: apiErr.Route}
		}
		j, err := json.Marshal(nf)
		if err != nil {
			return nil, 0, fmt.Errorf("encode not-found: %w", err)
		}
		return append([]byte{tagNotFound}, j...), s.opts.NegativeTTL, nil
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, 0, fmt.Errorf("encode cached value: %w", err)
	}
	if ttl <= 0 {
		ttl = s.opts.CacheTTL
	}
	return append([]byte{tagValue}, j...), jitter(ttl), nil
}

// set stores a value; a failure only costs a later miss.
func (s *Store) set(ctx context.Context, key string, b []byte, ttl time.Duration) {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	if err := s.rdb.Set(octx, key, b, ttl).Err(); err != nil {
		s.failed(ctx, "set", err)
		return
	}
	s.succeeded()
}

// decode reads a tagged value; ok is false if b is not one.
func decode[T any](b []byte) (v T, ok bool, err error) {
	if len(b) == 0 {
		return v, false, nil
	}
	switch b[0] {
	case tagValue:
		if json.Unmarshal(b[1:], &v) != nil {
			return v, false, nil
		}
		return v, true, nil
	case tagNotFound:
		var nf notFound
		if json.Unmarshal(b[1:], &nf) != nil {
			return v, false, nil
		}
		return v, true, &vclient.APIError{StatusCode: nf.Status, Title: nf.Title, Detail: nf.Detail,
			Instance: nf.Instance, Method: nf.Method, Route: nf.Route}
	}
	return v, false, nil
}

// jitter spreads expiries by ±10% so entries loaded together do not expire together.
func jitter(ttl time.Duration) time.Duration {
	spread := ttl / 10
	if spread <= 0 {
		return ttl
	}
	return ttl - spread + rand.N(2*spread+1)
}

// recoverLoad turns a panic in a shared load into an error: singleflight would re-panic
// it on a goroutine of its own, where nothing can recover it.
func recoverLoad(err *error, what string) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("load %s: panic: %v", what, p)
	}
}
