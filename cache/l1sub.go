package cache

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// l1Ping is how long the l1 subscription may be silent before it is pinged, and then
	// how long the pong may take before the l1 is switched off.
	l1Ping = 5 * time.Second
	// l1Retry is the pause after the subscription failed, before trying again.
	l1Retry = 200 * time.Millisecond
)

// l1Channel is the pub/sub channel that carries l1 invalidations between replicas.
func (s *Store) l1Channel() string { return s.prefix + ":l1" }

// publishL1 adds to p the message that makes every replica drop keys from its l1. It goes
// in the same pipeline as the write it follows, after it: a replica that receives it reads
// the new value.
func (s *Store) publishL1(ctx context.Context, p redis.Pipeliner, keys ...string) {
	if s.l1.ttl > 0 {
		p.Publish(ctx, s.l1Channel(), l1Message(keys))
	}
}

// listenL1 keeps the l1 subscription until the store closes: invalidations published by
// any replica are applied as they arrive; the l1 is switched off while the subscription is
// down and emptied when it is back (messages may have been missed meanwhile).
func (s *Store) listenL1(ctx context.Context) {
	ps := s.rdb.Subscribe(ctx, s.l1Channel())
	stopped := make(chan struct{})
	defer close(stopped)
	go func() { // a receive in progress does not watch ctx: closing ends it
		select {
		case <-ctx.Done():
		case <-stopped:
		}
		_ = ps.Close()
	}()
	pinged := false
	for {
		msg, err := ps.ReceiveTimeout(ctx, l1Ping)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && !pinged {
				pinged = true
				_ = ps.Ping(ctx)
				continue
			}
			s.l1.online.Store(false)
			s.l1.clear()
			pinged = false
			select {
			case <-ctx.Done():
				return
			case <-time.After(l1Retry):
			}
			continue
		}
		pinged = false
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				s.l1Online()
			}
		case *redis.Pong:
			if !s.l1.online.Load() { // silent, not disconnected: nothing was missed, but start afresh
				s.l1Online()
			}
		case *redis.Message:
			s.l1.apply(m.Payload)
		}
	}
}

// l1Online switches the l1 on, empty.
func (s *Store) l1Online() {
	s.l1.clear()
	s.l1.online.Store(true)
}
