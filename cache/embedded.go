package cache

import (
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// embedded is an in-process Redis (miniredis) served on a loopback port, so the rest of
// the package talks to it exactly as to a real server. miniredis never expires keys on
// its own: a ticker advances its clock by one second every second.
type embedded struct {
	mini *miniredis.Miniredis
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// startEmbedded starts the server; tick replaces the 1 s ticker when non-nil (tests).
func startEmbedded(tick <-chan time.Time) (*embedded, error) {
	mini := miniredis.NewMiniRedis()
	if err := mini.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	e := &embedded{mini: mini, stop: make(chan struct{}), done: make(chan struct{})}
	var ticker *time.Ticker
	if tick == nil {
		ticker = time.NewTicker(time.Second)
		tick = ticker.C
	}
	go func() {
		defer close(e.done)
		if ticker != nil {
			defer ticker.Stop()
		}
		for {
			select {
			case <-tick:
				mini.FastForward(time.Second)
			case <-e.stop:
				return
			}
		}
	}()
	return e, nil
}

// close stops the ticker and the server; it is a no-op on a nil receiver.
func (e *embedded) close() {
	if e == nil {
		return
	}
	e.once.Do(func() {
		close(e.stop)
		<-e.done
		e.mini.Close()
	})
}
